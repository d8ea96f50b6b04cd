import type { Deps } from '../../deps.ts';
import { CommunicationsRepository, type Communication, type CommunicationSummary } from './communications.repository.ts';

export type { Communication, CommunicationSummary };

const LIST_LIMIT = 200;

/** My Communications: statements downloaded, letters posted and messages, each read or unread. */
export class CommunicationsService {
  constructor(private readonly deps: Deps) {}

  private repo() {
    return new CommunicationsRepository(this.deps.db);
  }

  async list(personId: number): Promise<CommunicationSummary[]> {
    const repo = this.repo();
    await repo.adoptLetters(personId);
    return repo.list(personId, LIST_LIMIT);
  }

  /** Opening one marks it read. Another person's answers undefined. */
  async open(personId: number, id: number): Promise<Communication | undefined> {
    const repo = this.repo();
    const found = await repo.find(personId, id);
    if (found && !found.readAt) await repo.markRead(personId, id, this.deps.clock.now().toISOString());
    return found;
  }

  pdf(personId: number, id: number): Promise<Uint8Array | undefined> {
    return this.repo().pdf(personId, id);
  }

  /** Records a statement the person downloaded; the same key twice (a double click) makes one. */
  recordStatement(personId: number, agreementId: number, title: string, pdf: Uint8Array, key: string | null): Promise<number> {
    return this.repo().insertOnce({ personId, agreementId, kind: 'statement', title, body: null, pdf, key, nowIso: this.deps.clock.now().toISOString() });
  }

  findByKey(personId: number, key: string): Promise<number | undefined> {
    return this.repo().findByKey(personId, key);
  }

  /** A message to a person from the landlord. */
  sendMessage(personId: number, title: string, body: string): Promise<number> {
    return this.repo().insertOnce({ personId, agreementId: null, kind: 'message', title, body, pdf: null, key: null, nowIso: this.deps.clock.now().toISOString() });
  }
}
