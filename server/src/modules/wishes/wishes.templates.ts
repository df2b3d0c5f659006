/** What the wish notices say (notices.templates.ts spreads these in); values: the wish's number and what is wished, nothing personal. */
type V = Record<string, string>;

export const WISH_TEMPLATES: Record<string, { zh: (v: V) => string; en: (v: V) => string }> = {
  'wish.create.community': {
    zh: (v) => `新的微心愿 ${v.number}（${v.title}）待走访核实。`,
    en: (v) => `New wish ${v.number} (${v.title}) awaits your check.`,
  },
  'wish.publish.poster': {
    zh: (v) => `您的心愿 ${v.number}（${v.title}）已核实并发布到心愿墙。`,
    en: (v) => `Your wish ${v.number} (${v.title}) was checked and is on the wish board.`,
  },
  'wish.decline.poster': {
    zh: (v) => `您的心愿 ${v.number} 经核实暂不发布，原因可在“我的心愿”中查看，或咨询社区。`,
    en: (v) => `Your wish ${v.number} was not published; see the reason under My wishes, or ask your community.`,
  },
  'wish.claim.poster': {
    zh: (v) => `您的心愿 ${v.number}（${v.title}）已被认领，社区将联系您送达。`,
    en: (v) => `Your wish ${v.number} (${v.title}) was claimed; the community will arrange the delivery.`,
  },
  'wish.claim.community': {
    zh: (v) => `心愿 ${v.number}（${v.title}）已被认领，请协助送达。`,
    en: (v) => `Wish ${v.number} (${v.title}) was claimed: please help with the delivery.`,
  },
  'wish.withdraw.community': {
    zh: (v) => `心愿 ${v.number} 的认领人已放弃认领，心愿已回到心愿墙。`,
    en: (v) => `The claimer of wish ${v.number} withdrew; it is back on the board.`,
  },
  'wish.withdraw.poster': {
    zh: (v) => `您的心愿 ${v.number}（${v.title}）的认领已取消，心愿回到心愿墙，等待新的认领人。`,
    en: (v) => `The claim on your wish ${v.number} (${v.title}) was withdrawn; it is back on the board for someone else.`,
  },
  'wish.withdraw.claimer': {
    zh: (v) => `社区已取消您对心愿 ${v.number}（${v.title}）的认领，原因可咨询社区。`,
    en: (v) => `The community withdrew your claim on wish ${v.number} (${v.title}); ask the community for the reason.`,
  },
  'wish.release.poster': {
    zh: (v) => `您的心愿 ${v.number}（${v.title}）认领超时未送达，已回到心愿墙，等待新的认领人。`,
    en: (v) => `Your wish ${v.number} (${v.title}) was not delivered in time; it is back on the board for someone else.`,
  },
  'wish.release.claimer': {
    zh: (v) => `您认领的心愿 ${v.number}（${v.title}）超时未送达，已退回心愿墙。`,
    en: (v) => `The wish you claimed, ${v.number} (${v.title}), was not delivered in time and is back on the board.`,
  },
  'wish.cancel.poster': {
    zh: (v) => `心愿 ${v.number}（${v.title}）已撤回。`,
    en: (v) => `Wish ${v.number} (${v.title}) was cancelled.`,
  },
  'wish.verify.claimer': {
    zh: (v) => `您为心愿 ${v.number} 提供的服务时长已由社区确认，谢谢您！`,
    en: (v) => `The community confirmed your service time for wish ${v.number}. Thank you!`,
  },
  'wish.remind.claimer': {
    zh: (v) => `您认领的心愿 ${v.number}（${v.title}）尚未送达，请尽快送达；逾期将退回心愿墙。`,
    en: (v) => `The wish you claimed, ${v.number} (${v.title}), is not delivered yet; it returns to the board if it stays so.`,
  },
  'wish.fulfil.poster': {
    zh: (v) => `您的心愿 ${v.number}（${v.title}）已送达，请确认。`,
    en: (v) => `Your wish ${v.number} (${v.title}) was delivered: please confirm.`,
  },
  'wish.fulfil.community': {
    zh: (v) => `心愿 ${v.number} 已送达，请回访确认。`,
    en: (v) => `Wish ${v.number} was delivered: please confirm with the recipient.`,
  },
  'wish.confirm.poster': {
    zh: (v) => `您的心愿 ${v.number}（${v.title}）已实现。`,
    en: (v) => `Your wish ${v.number} (${v.title}) came true.`,
  },
  'wish.confirm.claimer': {
    zh: (v) => `您认领的心愿 ${v.number} 已确认实现，谢谢您！`,
    en: (v) => `The wish you claimed, ${v.number}, is confirmed. Thank you!`,
  },
  'wish.convert.poster': {
    zh: (v) => `您的心愿 ${v.number} 已转为接诉即办诉求办理。`,
    en: (v) => `Your wish ${v.number} is now handled as a service request.`,
  },
};
