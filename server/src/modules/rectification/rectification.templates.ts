/** Notice texts of rectification orders and 举一反三 checks (joined into notices.templates.ts). */
import type { NoticeVars } from '../notices/notices.templates.js';

type Template = { zh: (v: NoticeVars) => string; en: (v: NoticeVars) => string };

export const RECTIFICATION_TEMPLATES: Record<string, Template> = {
  'rectification_order.create.unit': {
    zh: (v) => `督查发现问题：${v.title}（${v.point}），请于 ${v.deadline} 前整改并上传整改后照片。`,
    en: (v) => `Inspection finding: ${v.title} (${v.point}); rectify by ${v.deadline} and upload after-photos.`,
  },
  'rectification_order.answer.checker': {
    zh: (v) => `整改单（${v.title}，${v.point}）已反馈整改，请复核。`,
    en: (v) => `The rectification order (${v.title}, ${v.point}) was answered: please re-check it.`,
  },
  'rectification_order.send_back.unit': {
    zh: (v) => `整改单（${v.title}，${v.point}）复核未通过，已退回重新整改。`,
    en: (v) => `The rectification order (${v.title}, ${v.point}) failed its re-check and was sent back.`,
  },
  'rectification_order.escalate.unit': {
    zh: (v) => `整改单（${v.title}，${v.point}）已督办，请立即整改。`,
    en: (v) => `The rectification order (${v.title}, ${v.point}) is escalated: rectify it now.`,
  },
  'rectification_order.escalate.street': {
    zh: (v) => `辖区整改单（${v.title}，${v.point}）已超期督办。`,
    en: (v) => `A rectification order in your street (${v.title}, ${v.point}) is overdue and escalated.`,
  },
  'similar_check.create.unit': {
    zh: (v) => `举一反三：请自查“${v.title}”（${v.point}），拍照反馈。`,
    en: (v) => `Check for the same problem: “${v.title}” at ${v.point}; answer with a photo.`,
  },
};
