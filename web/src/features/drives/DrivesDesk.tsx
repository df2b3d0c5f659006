import { Route, Routes } from 'react-router';
import DriveDetail from './DriveDetail';
import DriveList from './DriveList';

/** 帮扶活动 on the desk: the list of drives and one drive. */
export default function DrivesDesk() {
  return (
    <Routes>
      <Route index element={<DriveList />} />
      <Route path=":id" element={<DriveDetail />} />
    </Routes>
  );
}
