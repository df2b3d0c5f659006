/**
 * What a notice says, per event and audience, in Chinese and English. Values hold no personal
 * data (a request number, a category, a unit's name); a text is rendered in the reader's language
 * when the inbox is read, and in Chinese for an SMS.
 */

import { RECTIFICATION_TEMPLATES } from '../rectification/rectification.templates.js';
import { WISH_TEMPLATES } from '../wishes/wishes.templates.js';

export type NoticeVars = Record<string, string>;
type Template = { zh: (v: NoticeVars) => string; en: (v: NoticeVars) => string };

export const TEMPLATES: Record<string, Template> = {
  ...WISH_TEMPLATES,
  ...RECTIFICATION_TEMPLATES,
  'request.dispatch.handler': {
    zh: (v) => `新工单 ${v.number}（${v.category}）已派至${v.unit}，请及时签收。`,
    en: (v) => `New request ${v.number} (${v.categoryEn}) was sent to ${v.unit}: please sign for it.`,
  },
  'request.dispatch.reporter': {
    zh: (v) => `您反映的问题（编号 ${v.number}）已派至${v.unit}办理。`,
    en: (v) => `Your report ${v.number} was sent to ${v.unit} to handle.`,
  },
  'request.resolve.reporter': {
    zh: (v) => `您反映的问题（编号 ${v.number}）已办结，请查看答复并评价。`,
    en: (v) => `Your report ${v.number} has been resolved: see the reply and rate it.`,
  },
  'request.reject.reporter': {
    zh: (v) => `您反映的问题（编号 ${v.number}）不予受理，原因可在进度中查看。`,
    en: (v) => `Your report ${v.number} was not accepted; the reason is in its progress.`,
  },
  'request.supervise.handler': {
    zh: (v) => `工单 ${v.number}（${v.category}）已被督办，请尽快办理。`,
    en: (v) => `Request ${v.number} (${v.categoryEn}) is now supervised: please act on it soon.`,
  },
  'request.reopen.handler': {
    zh: (v) => `工单 ${v.number}（${v.category}）群众评价不满意，已重办，请重新签收。`,
    en: (v) => `Request ${v.number} (${v.categoryEn}) was reopened after an unsatisfied rating: please sign for it again.`,
  },
  'request.approve_extension.handler': {
    zh: (v) => `工单 ${v.number} 的延期申请已批准。`,
    en: (v) => `The extension for request ${v.number} was approved.`,
  },
  'request.deny_extension.handler': {
    zh: (v) => `工单 ${v.number} 的延期申请未获批准。`,
    en: (v) => `The extension for request ${v.number} was denied.`,
  },
  'drive_recipient.code.recipient': {
    zh: (v) =>
      `“${v.drive}”的物资将送到您家。签收时请把${v.code ? `签收码 ${v.code}` : '短信中的签收码'}告诉送达的工作人员，请勿告诉他人。`,
    en: (v) =>
      `A parcel of “${v.drive}” is coming to you. When it arrives, tell the staff member ${v.code ? `the code ${v.code}` : 'the code in the text'}; tell no one else.`,
  },
};

export type Lang = 'zh' | 'en';

export function renderNotice(event: string, vars: NoticeVars, lang: Lang): string {
  const t = TEMPLATES[event];
  if (!t) return event;
  return t[lang](vars);
}
