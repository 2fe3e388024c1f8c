import { ImportRefusedError } from '@samverkan/common';

/**
 * JSON read together with where each value stands in the text, so that an
 * importer refusing a file can name the line of the element at fault, as it
 * does for a CSV row. `JSON.parse` gives values only; this small parser
 * follows the JSON grammar (RFC 8259) and records the offset of every array
 * element and object member as it builds them.
 *
 * Stricter than `JSON.parse` in one way: an object naming a key twice is
 * refused, since which of the two a reader takes is a guess.
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Past this depth a file is refused rather than risk the stack; the publishers' formats nest four or five deep. */
const maximumDepth = 64;

export class LocatedJson {
  /** Offsets of each container's members and elements, by the container object itself. */
  private readonly offsets = new WeakMap<object, Map<string | number, number>>();
  private readonly lineStarts: number[] = [0];
  readonly root: JsonValue;
  private readonly rootOffset: number;

  private position = 0;

  constructor(
    private readonly text: string,
    /** The file, as named in a refusal. */
    readonly file: string,
  ) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
    if (text.charCodeAt(0) === 0xfeff) this.position = 1;
    this.skipWhitespace();
    this.rootOffset = this.position;
    this.root = this.readValue(0);
    this.skipWhitespace();
    if (this.position < text.length) this.fail('more text after the JSON value');
  }

  /** The 1-based line of `container[key]`, the start of the member's value. */
  lineOf(container: object, key: string | number): number {
    const offset = this.offsets.get(container)?.get(key);
    if (offset === undefined) throw new Error(`no position for ${String(key)}`);
    return this.lineAt(offset);
  }

  /** The 1-based line of a character offset. */
  lineAt(offset: number): number {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.lineStarts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  }

  /** The whole document as a node to walk with checks. */
  node(): JsonNode {
    return new JsonNode(this, this.root, '', this.lineAt(this.rootOffset));
  }

  private fail(reason: string, offset = this.position): never {
    throw new ImportRefusedError(this.file, this.lineAt(offset), `not readable as JSON (${reason})`);
  }

  private skipWhitespace(): void {
    const text = this.text;
    while (this.position < text.length) {
      const c = text.charCodeAt(this.position);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return;
      this.position++;
    }
  }

  private expect(token: string): void {
    if (!this.text.startsWith(token, this.position)) this.fail(`expected ${token}`);
    this.position += token.length;
  }

  private readValue(depth: number): JsonValue {
    if (depth > maximumDepth) this.fail(`nested deeper than ${maximumDepth} levels`);
    const c = this.text[this.position];
    switch (c) {
      case '{':
        return this.readObject(depth);
      case '[':
        return this.readArray(depth);
      case '"':
        return this.readString();
      case 't':
        this.expect('true');
        return true;
      case 'f':
        this.expect('false');
        return false;
      case 'n':
        this.expect('null');
        return null;
      case undefined:
        return this.fail('the text ends where a value should be');
      default:
        if (c === '-' || (c >= '0' && c <= '9')) return this.readNumber();
        return this.fail(`unexpected ${JSON.stringify(c)}`);
    }
  }

  private readObject(depth: number): { [key: string]: JsonValue } {
    const object: { [key: string]: JsonValue } = {};
    const offsets = new Map<string, number>();
    this.offsets.set(object, offsets);
    this.readMembers('}', 'a member', () => {
      if (this.text[this.position] !== '"') this.fail('expected a key in double quotes');
      const keyOffset = this.position;
      const key = this.readString();
      if (offsets.has(key)) this.fail(`the key ${JSON.stringify(key)} appears twice in one object`, keyOffset);
      this.skipWhitespace();
      this.expect(':');
      this.skipWhitespace();
      offsets.set(key, this.position);
      // defineProperty, not assignment: a key "__proto__" stays an ordinary member.
      Object.defineProperty(object, key, {
        value: this.readValue(depth + 1),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    });
    return object;
  }

  private readArray(depth: number): JsonValue[] {
    const array: JsonValue[] = [];
    const offsets = new Map<number, number>();
    this.offsets.set(array, offsets);
    this.readMembers(']', 'an element', () => {
      offsets.set(array.length, this.position);
      array.push(this.readValue(depth + 1));
    });
    return array;
  }

  /** Reads what stands between an opening bracket and its `close`, one `readMember` a comma-separated member. */
  private readMembers(close: '}' | ']', what: string, readMember: () => void): void {
    this.position++;
    this.skipWhitespace();
    if (this.text[this.position] === close) {
      this.position++;
      return;
    }
    for (;;) {
      readMember();
      this.skipWhitespace();
      if (this.text[this.position] === close) {
        this.position++;
        return;
      }
      if (this.text[this.position] !== ',') this.fail(`expected , or ${close} after ${what}`);
      this.position++;
      this.skipWhitespace();
    }
  }

  private readString(): string {
    const text = this.text;
    const start = this.position;
    this.position++;
    let value = '';
    let run = this.position;
    for (;;) {
      if (this.position >= text.length) this.fail('a string is not closed', start);
      const c = text.charCodeAt(this.position);
      if (c === 0x22) {
        value += text.slice(run, this.position);
        this.position++;
        return value;
      }
      if (c < 0x20) this.fail('a control character inside a string');
      if (c !== 0x5c) {
        this.position++;
        continue;
      }
      value += text.slice(run, this.position);
      const escape = text[this.position + 1];
      const simple = escapes[escape];
      if (simple !== undefined) {
        value += simple;
        this.position += 2;
      } else if (escape === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(this.position + 2, this.position + 6))) {
        value += String.fromCharCode(parseInt(text.slice(this.position + 2, this.position + 6), 16));
        this.position += 6;
      } else {
        this.fail('an invalid escape in a string');
      }
      run = this.position;
    }
  }

  private readNumber(): number {
    numberPattern.lastIndex = this.position;
    const match = numberPattern.exec(this.text);
    if (!match) this.fail('an invalid number');
    this.position += match[0].length;
    return Number(match[0]);
  }
}

const escapes: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
const numberPattern = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** Reads `text` as JSON, refusing it, with the line, where it is not JSON. */
export function parseLocatedJson(text: string, file: string): LocatedJson {
  return new LocatedJson(text, file);
}

/** Whether a text is meant as JSON rather than CSV: its first character opens an object or an array. */
export function looksLikeJson(text: string): boolean {
  return /^\uFEFF?\s*[{[]/.test(text);
}

export type JsonObject = { [key: string]: JsonValue };

const identifier = /^[A-Za-z_$][\w$]*$/;

/**
 * A value of a located document with its JSON path (`values[3].values[0].value`)
 * and line, and checks that refuse the file naming both. A member that is
 * absent is a node whose value is `undefined`, at its object's line.
 */
export class JsonNode {
  constructor(
    private readonly document: LocatedJson,
    readonly value: JsonValue | undefined,
    /** The JSON path from the root; empty for the root. */
    readonly path: string,
    readonly line: number,
  ) {}

  /** Refuses the whole file at this node: `<path>: <reason>` on its line. */
  refuse(reason: string): never {
    throw new ImportRefusedError(this.document.file, this.line, this.path ? `${this.path}: ${reason}` : reason);
  }

  /** What the value is, in words, for a refusal. */
  describe(): string {
    if (this.value === undefined) return 'missing';
    if (this.value === null) return 'null';
    if (Array.isArray(this.value)) return 'an array';
    if (typeof this.value === 'object') return 'an object';
    return JSON.stringify(this.value);
  }

  object(): JsonObject {
    if (this.value === null || typeof this.value !== 'object' || Array.isArray(this.value)) {
      return this.refuse(`expected an object, found ${this.describe()}`);
    }
    return this.value;
  }

  /** The member `key` of this object (refused unless this is an object). */
  get(key: string): JsonNode {
    const object = this.object();
    const path = identifier.test(key)
      ? `${this.path}${this.path ? '.' : ''}${key}`
      : `${this.path}[${JSON.stringify(key)}]`;
    if (!Object.hasOwn(object, key)) return new JsonNode(this.document, undefined, path, this.line);
    return new JsonNode(this.document, object[key], path, this.document.lineOf(object, key));
  }

  /** The key of the member `key` as a node: its value the key itself, at the member's path and line. */
  key(key: string): JsonNode {
    const member = this.get(key);
    return new JsonNode(this.document, key, member.path, member.line);
  }

  /** Whether this object has the member `key`. */
  has(key: string): boolean {
    return Object.hasOwn(this.object(), key);
  }

  keys(): string[] {
    return Object.keys(this.object());
  }

  /** The elements of this array (refused unless this is an array). */
  items(): JsonNode[] {
    const array = this.value;
    if (!Array.isArray(array)) return this.refuse(`expected an array, found ${this.describe()}`);
    return array.map(
      (value, index) =>
        new JsonNode(this.document, value, `${this.path}[${index}]`, this.document.lineOf(array, index)),
    );
  }

  string(): string {
    if (typeof this.value !== 'string') return this.refuse(`expected a string, found ${this.describe()}`);
    return this.value;
  }

  /** A finite number: a string of digits is not one, nor one too large for a double. */
  number(): number {
    if (typeof this.value !== 'number') return this.refuse(`expected a number, found ${this.describe()}`);
    if (!Number.isFinite(this.value)) return this.refuse('the number is too large to be read');
    return this.value;
  }

  /** A whole number at least `min`. */
  integer(min: number): number {
    const value = this.number();
    if (!Number.isInteger(value) || value < min) this.refuse(`expected a whole number from ${min}, found ${value}`);
    return value;
  }
}
