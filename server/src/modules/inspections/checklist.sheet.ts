/** The checklist import sheet (one point type per sheet; one row per item). */
import { cells } from '../../platform/documents/cells.js';
import { defineSheet } from '../../platform/documents/sheet.js';

export const CHECKLIST_SHEET = defineSheet({
  name: '检查清单',
  maxRows: 200,
  columns: {
    code: { header: '编码', aliases: ['code'], required: true, cell: cells.text({ max: 40 }), example: 'bins' },
    group: { header: '分组', aliases: ['group'], required: true, cell: cells.text({ max: 20 }), example: '公共环境' },
    title: { header: '检查项', aliases: ['title'], required: true, cell: cells.text({ max: 120 }), example: '垃圾桶分类投放、及时清洗' },
    failure: {
      header: '不合格情形',
      aliases: ['failure'],
      required: true,
      cell: cells.text({ max: 300 }),
      example: '垃圾桶未分类投放或未及时清洗',
    },
    weight: { header: '分值', aliases: ['weight'], required: true, cell: cells.number({ min: 0, max: 100 }), example: '10' },
    deduct: { header: '每处扣分', aliases: ['deduct'], cell: cells.number({ min: 0, max: 100 }), example: '' },
    responsible: {
      header: '责任主体',
      aliases: ['responsible'],
      cell: cells.oneOf({ 点位单位: 'point_unit', 社区: 'community', 街道: 'street', 职能部门: 'department' } as const),
      example: '点位单位',
    },
    department: { header: '职能部门编码', aliases: ['department'], cell: cells.text({ max: 40 }), example: '' },
    limitValue: { header: '整改时限', aliases: ['limit'], required: true, cell: cells.int({ min: 1, max: 720 }), example: '24' },
    limitUnit: {
      header: '时限单位',
      aliases: ['unit'],
      required: true,
      cell: cells.oneOf({ 小时: 'hours', 工作日: 'working_days', 工作时: 'working_hours' } as const),
      example: '小时',
    },
  },
  check: (r) => [
    ...(r.responsible === 'department' && !r.department
      ? [{ column: 'department' as const, zh: '责任主体为职能部门时必填', en: 'required when a department answers for it' }]
      : []),
    ...(r.deduct !== null && r.deduct > r.weight
      ? [{ column: 'deduct' as const, zh: '每处扣分不能超过分值', en: 'cannot exceed the weight' }]
      : []),
  ],
});
