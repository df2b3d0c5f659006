import type zh from './zh';

export default {
  'common.more': 'More',
  'dash.title': 'Dashboard',
  'dash.month': 'Month',
  'dash.level': 'Level',
  'dash.street': 'Streets / towns',
  'dash.community': 'Communities / villages',
  'dash.valid': 'Valid follow-ups',
  'dash.created': 'Filed',
  'dash.overdue': 'Overdue',
  'dash.onTime': 'On time',
  'dash.rank': 'Rank',
  'dash.unit': 'Unit',
  'dash.ranking': 'Ranking',
  'dash.trend': 'Last 12 months',
  'dash.overdueList': 'Overdue requests',
  'dash.heat': 'Where requests come from',
  'dash.exportRanking': 'Export ranking',
  'dash.findUnit': 'Find a unit',
  'dash.noData': 'No rated requests this month yet',
  'dash.kpiScope': 'This month · my area',
} satisfies Record<keyof typeof zh, string>;
