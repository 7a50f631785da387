import fs from 'node:fs';
import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { HEAD_BYTES, sniffHead, TextCheck, type HeadVerdict } from './sniff.ts';

/**
 * Receives an upload into a temporary file while counting, hashing and sniffing it. Past
 * `maxBytes`, or as soon as the first bytes show a refused type, it stops writing and only counts
 * what still arrives: the sender's stream is drained, never destroyed, so a multipart parser can
 * go on to the next part and the form's other fields are still read.
 */
export class Spool extends Writable {
  size = 0;
  tooLarge = false;
  verdict: HeadVerdict | undefined;
  /** Stopped writing because the head was refused; `verdict` says why. */
  refusedEarly = false;
  readonly text = new TextCheck();
  private readonly hash = createHash('sha256');
  private head: Buffer[] = [];
  private headLength = 0;
  private discarding = false;

  constructor(
    private readonly fd: fs.promises.FileHandle,
    private readonly maxBytes: number,
    /** Whether a head verdict can still lead to an accepted type; false stops writing at once. */
    private readonly mayAccept: (verdict: HeadVerdict) => boolean,
  ) {
    super();
  }

  get sha256(): string {
    return this.hash.copy().digest('hex');
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.size += chunk.length;
    if (this.discarding) return callback();
    if (this.size > this.maxBytes) {
      this.tooLarge = this.discarding = true;
      return callback();
    }
    if (!this.verdict) {
      this.head.push(chunk);
      this.headLength += chunk.length;
      if (this.headLength >= HEAD_BYTES && !this.decide()) return callback();
    }
    this.hash.update(chunk);
    this.text.feed(chunk);
    if (this.verdict?.kind === 'text' && !this.text.ok) {
      this.refusedEarly = this.discarding = true;
      return callback();
    }
    this.fd.write(chunk).then(() => callback(), callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    if (!this.verdict && !this.discarding) this.decide();
    callback();
  }

  /** Sniffs the collected head; false when it is refused (and writing stops). */
  private decide(): boolean {
    this.verdict = sniffHead(Buffer.concat(this.head));
    this.head = [];
    if (this.verdict.kind === 'executable' || this.verdict.kind === 'unknown' || !this.mayAccept(this.verdict)) {
      this.refusedEarly = this.discarding = true;
      return false;
    }
    return true;
  }
}
