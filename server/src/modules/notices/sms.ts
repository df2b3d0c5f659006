/**
 * The SMS gateway at the edge of the system. The default adapter keeps the message in the outbox
 * table (written before sending) and logs that it was "sent" with the phone masked and without its
 * text (a text may carry a one-time code) — nothing leaves the machine.
 * A real gateway plugs in by configuration (LIANXIN_SMS_URL): an HTTP POST of {to, text, ref}.
 */
export interface SmsAdapter {
  readonly name: string;
  /**
   * Sends one text; resolves with the gateway's id, rejects when it was not accepted (the job
   * retries). `ref` is the outbox row's id: the gateway's idempotency key, so a retried send after
   * a lost answer does not reach the phone twice.
   */
  send(to: string, text: string, ref: string): Promise<{ providerId: string | null }>;
}

const masked = (phone: string) => {
  const d = phone.replace(/\D/g, '');
  return `${d.slice(0, 3)}****${d.slice(-4)}`;
};

/** Only mainland mobile numbers receive texts (a landline left as a contact does not). */
export const isMobile = (phone: string): boolean => /^1[3-9]\d{9}$/.test(phone.replace(/\D/g, ''));

export class OutboxOnlySms implements SmsAdapter {
  readonly name = 'outbox';
  constructor(private readonly log: (line: string) => void) {}
  async send(to: string, text: string, ref: string) {
    this.log(`sms ${ref} to ${masked(to)}: ${text.length} characters (text in the outbox)`);
    return { providerId: null };
  }
}

export class HttpSms implements SmsAdapter {
  readonly name = 'http';
  constructor(
    private readonly url: string,
    private readonly token?: string,
    private readonly timeoutMs = 10_000,
  ) {}

  async send(to: string, text: string, ref: string) {
    const res = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
      body: JSON.stringify({ to, text, ref }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!res.ok) throw new Error(`SMS gateway answered ${res.status}`);
    const body = (await res.json().catch(() => ({}))) as { id?: unknown };
    return { providerId: typeof body.id === 'string' ? body.id : null };
  }
}
