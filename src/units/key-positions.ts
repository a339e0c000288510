/**
 * Finds where each key of a TOML document is written, so schema diagnostics can point at it.
 *
 * This is a scanner, not a parser: it only runs on sources smol-toml already accepted, and only
 * needs to skip values (strings of all four kinds, arrays, inline tables, comments) precisely
 * enough that text inside them is never mistaken for a key. It never throws and always advances.
 */

export interface SourcePosition {
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units like smol-toml's own error columns. */
  col: number;
}

/** Map key for a key path, e.g. `["environment", "PORT"]`; JSON keeps dots inside quoted keys apart. */
export function keyPathId(path: readonly string[]): string {
  return JSON.stringify(path);
}

/** First position of every key path in `source`, including each prefix of a dotted key or table header. */
export function locateKeys(source: string): Map<string, SourcePosition> {
  const scanner = new KeyScanner(source);
  scanner.scanDocument();
  return scanner.positions;
}

interface KeySegment {
  name: string;
  offset: number;
}

const BARE_KEY_CHAR = /[A-Za-z0-9_-]/;
const SCALAR_END = new Set([',', ']', '}', '\n', '\r', '#']);
const SIMPLE_ESCAPES: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', e: '\x1b', '"': '"', '\\': '\\' };

class KeyScanner {
  readonly positions = new Map<string, SourcePosition>();
  private pos = 0;
  private readonly lineStarts: number[] = [0];

  constructor(private readonly src: string) {
    for (let i = 0; i < src.length; i++) if (src[i] === '\n') this.lineStarts.push(i + 1);
  }

  scanDocument(): void {
    let table: string[] = [];
    while (this.pos < this.src.length) {
      this.skipWhitespaceAndComments();
      if (this.pos >= this.src.length) break;
      const lineStart = this.pos;
      if (this.src[this.pos] === '[') {
        this.pos += this.src[this.pos + 1] === '[' ? 2 : 1;
        const segments = this.readKeyPath();
        this.record([], segments);
        table = segments.map((s) => s.name);
      } else {
        const segments = this.readKeyPath();
        if (segments.length > 0) {
          this.record(table, segments);
          this.skipSpaces();
          if (this.src[this.pos] === '=') {
            this.pos++;
            this.skipValue([...table, ...segments.map((s) => s.name)]);
          }
        }
      }
      this.skipRestOfLine();
      if (this.pos === lineStart) this.pos++;
    }
  }

  private record(prefix: string[], segments: KeySegment[]): void {
    const path = [...prefix];
    for (const segment of segments) {
      path.push(segment.name);
      const id = keyPathId(path);
      if (!this.positions.has(id)) this.positions.set(id, this.positionOf(segment.offset));
    }
  }

  private positionOf(offset: number): SourcePosition {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, col: offset - this.lineStarts[low] + 1 };
  }

  /** Reads `a.b."c d".'e'`; stops at the first character that cannot continue a key. */
  private readKeyPath(): KeySegment[] {
    const segments: KeySegment[] = [];
    for (;;) {
      this.skipSpaces();
      const offset = this.pos;
      const ch = this.src[this.pos];
      let name: string;
      if (ch === '"') name = this.readBasicString();
      else if (ch === "'") name = this.readLiteralString();
      else {
        while (this.pos < this.src.length && BARE_KEY_CHAR.test(this.src[this.pos])) this.pos++;
        if (this.pos === offset) return segments;
        name = this.src.slice(offset, this.pos);
      }
      segments.push({ name, offset });
      this.skipSpaces();
      if (this.src[this.pos] !== '.') return segments;
      this.pos++;
    }
  }

  /** `prefix` is the key path the value belongs to, or null inside arrays (keys there are not addressable). */
  private skipValue(prefix: string[] | null): void {
    this.skipSpaces();
    const ch = this.src[this.pos];
    if (this.src.startsWith('"""', this.pos)) this.skipMultiline('"""', true);
    else if (this.src.startsWith("'''", this.pos)) this.skipMultiline("'''", false);
    else if (ch === '"') this.readBasicString();
    else if (ch === "'") this.readLiteralString();
    else if (ch === '[') this.skipArray();
    else if (ch === '{') this.skipInlineTable(prefix);
    else while (this.pos < this.src.length && !SCALAR_END.has(this.src[this.pos])) this.pos++;
  }

  private skipArray(): void {
    this.skipBracketed(']', () => this.skipValue(null));
  }

  private skipInlineTable(prefix: string[] | null): void {
    this.skipBracketed('}', () => {
      const segments = this.readKeyPath();
      if (prefix !== null) this.record(prefix, segments);
      this.skipSpaces();
      if (this.src[this.pos] === '=') {
        this.pos++;
        this.skipValue(prefix === null ? null : [...prefix, ...segments.map((s) => s.name)]);
      }
    });
  }

  /** From an opening bracket past its `close`: items separated by commas, each read by `skipItem`. */
  private skipBracketed(close: ']' | '}', skipItem: () => void): void {
    this.pos++;
    while (this.pos < this.src.length) {
      this.skipWhitespaceAndComments();
      const ch = this.src[this.pos];
      if (ch === close) {
        this.pos++;
        return;
      }
      if (ch === ',') {
        this.pos++;
        continue;
      }
      const before = this.pos;
      skipItem();
      if (this.pos === before) this.pos++;
    }
  }

  /** Returns the decoded content so quoted keys match the parsed document's keys. */
  private readBasicString(): string {
    let text = '';
    this.pos++;
    while (this.pos < this.src.length) {
      const ch = this.src[this.pos];
      if (ch === '"') {
        this.pos++;
        return text;
      }
      if (ch === '\n') return text;
      if (ch === '\\') {
        text += this.readEscape();
        continue;
      }
      text += ch;
      this.pos++;
    }
    return text;
  }

  private readEscape(): string {
    const kind = this.src[this.pos + 1] ?? '';
    const hexLength = kind === 'u' ? 4 : kind === 'U' ? 8 : kind === 'x' ? 2 : 0;
    if (hexLength > 0) {
      const code = Number.parseInt(this.src.slice(this.pos + 2, this.pos + 2 + hexLength), 16);
      this.pos += 2 + hexLength;
      return Number.isInteger(code) && code <= 0x10ffff ? String.fromCodePoint(code) : '';
    }
    this.pos += 2;
    return SIMPLE_ESCAPES[kind] ?? kind;
  }

  private readLiteralString(): string {
    const start = this.pos + 1;
    let end = start;
    while (end < this.src.length && this.src[end] !== "'" && this.src[end] !== '\n') end++;
    this.pos = this.src[end] === "'" ? end + 1 : end;
    return this.src.slice(start, end);
  }

  private skipMultiline(delimiter: string, escapes: boolean): void {
    this.pos += 3;
    while (this.pos < this.src.length) {
      if (escapes && this.src[this.pos] === '\\') {
        this.pos += 2;
        continue;
      }
      if (this.src.startsWith(delimiter, this.pos)) {
        this.pos += 3;
        // Up to two quotes right before the closing delimiter belong to the content (TOML 1.0).
        for (let extra = 0; extra < 2 && this.src[this.pos] === delimiter[0]; extra++) this.pos++;
        return;
      }
      this.pos++;
    }
  }

  private skipSpaces(): void {
    while (this.src[this.pos] === ' ' || this.src[this.pos] === '\t') this.pos++;
  }

  private skipWhitespaceAndComments(): void {
    for (;;) {
      const ch = this.src[this.pos];
      if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') this.pos++;
      else if (ch === '#') this.skipComment();
      else return;
    }
  }

  private skipComment(): void {
    while (this.pos < this.src.length && this.src[this.pos] !== '\n') this.pos++;
  }

  private skipRestOfLine(): void {
    while (this.pos < this.src.length && this.src[this.pos] !== '\n') this.pos++;
    if (this.src[this.pos] === '\n') this.pos++;
  }
}
