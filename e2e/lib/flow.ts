/** State handed from one step of the main journey to the next (the tests of one file run in order). */
export const journey: { number?: string; phone: string; id?: string; validBefore?: number; kpiValidBefore?: number } = {
  phone: '13912345678',
};

/** 交通路社区 and the centre of its first grid (where the demo grid worker works). */
export const JIAOTONGLU = '141102001002';
export const GRID_1 = '141102001002-01';
