// Every failure the generator reports to a user is a GeneratorError: it names the input (file
// and, where it applies, the JSON pointer inside it) and says what to do. The CLI prints
// `format()` and exits non-zero; it never prints a bare stack trace.

export type ErrorCode =
  | 'INPUT_NOT_FOUND'
  | 'INPUT_DOWNLOAD_FAILED'
  | 'INPUT_TOO_LARGE'
  | 'SHA_MISMATCH'
  | 'PARSE_ERROR'
  | 'INVALID_LOCK'
  | 'INVALID_OVERLAY'
  | 'UNKNOWN_RESOURCE'
  | 'UNKNOWN_TAG'
  | 'UNMAPPED_RESOURCE'
  | 'NAME_COLLISION'
  | 'INVALID_CORRECTION'
  | 'INVALID_DOCUMENT'
  | 'UNREPAIRABLE_REF'
  | 'UNPINNED_REF'
  | 'DUPLICATE_OPERATION_ID'
  | 'DUPLICATE_OPERATION'
  | 'UNSUPPORTED_INPUT'
  | 'LINT_FAILED'
  | 'EMIT_FAILED'
  | 'VERIFY_FAILED'
  | 'OUT_OF_DATE'
  | 'IO_ERROR'
  | 'USAGE';

export interface ErrorLocation {
  /** Path of the offending file (as the user would type it). */
  file?: string;
  /** RFC 6901 JSON pointer inside that file. */
  pointer?: string;
}

export class GeneratorError extends Error {
  override readonly name = 'GeneratorError';
  readonly code: ErrorCode;
  readonly file: string | undefined;
  readonly pointer: string | undefined;
  /** What the user should do about it. */
  readonly hint: string | undefined;

  constructor(code: ErrorCode, message: string, where: ErrorLocation & { hint?: string; cause?: unknown } = {}) {
    super(message, where.cause === undefined ? undefined : { cause: where.cause });
    this.code = code;
    this.file = where.file;
    this.pointer = where.pointer;
    this.hint = where.hint;
  }

  format(): string {
    const at = [this.file, this.pointer !== undefined ? `#${this.pointer}` : ''].filter(Boolean).join(' ');
    const lines = [`error ${this.code}: ${this.message}`];
    if (at) lines.push(`  at ${at}`);
    if (this.hint) lines.push(`  fix: ${this.hint}`);
    return lines.join('\n');
  }
}

export function isGeneratorError(e: unknown): e is GeneratorError {
  return e instanceof GeneratorError;
}
