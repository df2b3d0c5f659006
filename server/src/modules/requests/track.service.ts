import { errors } from '../../errors.js';
import type { AttachmentProof } from '../../platform/attachments.js';
import type { Actor } from '../auth/actor.js';
import type { NoticesService } from '../notices/notices.service.js';
import { isMobile } from '../notices/sms.js';
import type { RequestRow } from './requests.repository.js';
import type { TrackedDetail } from './requests.responses.js';
import type { ActionInput } from './requests.schema.js';
import type { RequestsService } from './requests.service.js';
import type { TrackAccess } from './track-access.js';

/** How a resident without an account proves a request is theirs: number + phone or code, or a token from that. */
export type TrackProof = { number?: string; phone?: string; code?: string; access?: string };

export type { TrackedDetail } from './requests.responses.js';

/** Following a request without an account; the credentials arrive in a POST body, never a URL. */
export class TrackService {
  constructor(
    private readonly requests: RequestsService,
    readonly access: TrackAccess,
    private readonly notices: NoticesService,
  ) {}

  /** The proven reporter turns texts to their phone off (or on again); answers the new view. */
  async setSms(proof: TrackProof, muted: boolean): Promise<TrackedDetail> {
    const r = await this.prove(proof);
    if (!r.reporter_phone || !isMobile(r.reporter_phone))
      throw errors.validation('muted', 'muted：这条诉求没有留手机号，不会收到短信', 'muted: no mobile number was given with this request');
    await this.notices.setPhoneMuted(r.reporter_phone, muted);
    return this.present(r);
  }

  async view(proof: TrackProof): Promise<TrackedDetail> {
    return this.present(await this.prove(proof));
  }

  /** Rate or reopen as the proven reporter. */
  async act(proof: TrackProof, input: ActionInput): Promise<TrackedDetail> {
    const r = await this.prove(proof);
    await this.requests.transition({ kind: 'public' }, r.id, input, { provenReporter: true });
    const after = await this.requests.repo.byId(r.id);
    if (!after) throw errors.notFound('诉求', 'Request');
    return this.present(after);
  }

  /** A request's photos: whoever sees the request, or the reporter holding its access token. */
  async mayOpenAttachment(actor: Actor, requestId: string, proof?: AttachmentProof): Promise<boolean> {
    if (await this.requests.mayOpenAttachment(actor, requestId)) return true;
    return !!proof && this.access.verify(proof.access) === requestId;
  }

  private async present(r: RequestRow): Promise<TrackedDetail> {
    const sms = r.reporter_phone && isMobile(r.reporter_phone) ? { muted: await this.notices.phoneMuted(r.reporter_phone) } : null;
    return { ...(await this.requests.trackView(r)), access: this.access.issue(r.id), sms };
  }

  private async prove(proof: TrackProof): Promise<RequestRow> {
    if (proof.access) {
      const id = this.access.verify(proof.access);
      const r = id ? await this.requests.repo.byId(id) : undefined;
      if (!r)
        throw errors.validation(
          'access',
          'access：查询已过期，请重新输入编号和电话（或查询码）',
          'access: this view has expired; enter the number and phone (or code) again',
        );
      return r;
    }
    if (!proof.number) throw errors.validation('number', 'number：请输入诉求编号', 'number: enter the request number');
    return this.requests.proveReporter(proof.number, proof.phone, proof.code);
  }
}
