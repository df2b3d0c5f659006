export default function DeskApp() {
  return <div>desk</div>;
}
