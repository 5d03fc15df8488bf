/** Tags kept (attributes filtered); any other tag is dropped but its text stays. */
const ALLOWED_TAGS = new Set([
  'a', 'abbr', 'b', 'big', 'blockquote', 'br', 'caption', 'center', 'cite', 'code', 'col', 'colgroup',
  'dd', 'del', 'div', 'dl', 'dt', 'em', 'font', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'i', 'img',
  'ins', 'kbd', 'li', 'mark', 'ol', 'p', 'pre', 'q', 's', 'small', 'span', 'strike', 'strong', 'sub',
  'sup', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'tt', 'u', 'ul',
]);
/** Tags removed together with everything inside them (void ones like embed are simply dropped). */
const DROPPED_WITH_CONTENT = new Set([
  'script', 'style', 'iframe', 'object', 'form', 'frameset', 'noscript', 'template',
  'svg', 'math', 'title', 'head', 'xml', 'applet', 'select', 'textarea', 'noembed', 'noframes',
]);
const VOID_TAGS = new Set(['br', 'hr', 'img', 'col']);
const ALLOWED_ATTRS = new Set([
  'href', 'src', 'alt', 'title', 'width', 'height', 'align', 'valign', 'colspan', 'rowspan', 'border',
  'cellpadding', 'cellspacing', 'bgcolor', 'color', 'face', 'size', 'dir', 'lang', 'style', 'start', 'type',
]);
const URL_ATTRS = new Set(['href', 'src']);
const SAFE_URL = /^(?:https?:|mailto:|tel:|cid:|#|\/(?!\/)|[^:/?#]*(?:[/?#]|$))/i;
const SAFE_IMAGE_DATA = /^data:image\/(?:png|gif|jpe?g|webp);base64,[a-z0-9+/=\s]*$/i;
const UNSAFE_STYLE = /expression|javascript:|vbscript:|behavior|-moz-binding|url\s*\(|@import|\\/i;

const TOKEN = /<!--[\s\S]*?(?:-->|$)|<![^>]*>?|<\?[^>]*>?|<\/?([a-zA-Z][a-zA-Z0-9:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>?|[^<]+|</g;
const ATTR = /([^\s"'>\/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;

/**
 * Allowlist HTML sanitizer: rebuilds the document from tokens, keeping only known-safe tags and
 * attributes (no `on*`, no `javascript:`/`data:` links, no script/style/iframe/object/embed/form and
 * their content), escaping all text. The output is at most `maxBytes` of UTF-8 and never ends
 * inside a tag.
 */
export function sanitizeHtml(html: string, maxBytes = 512 * 1024): string {
  const out: string[] = [];
  let bytes = 0;
  let skipUntil: string | undefined;
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(html); m !== null; m = TOKEN.exec(html)) {
    const [token, rawName, rawAttrs] = m;
    const name = rawName?.toLowerCase();
    const closing = token.startsWith('</');
    if (skipUntil !== undefined) {
      if (closing && name === skipUntil) skipUntil = undefined;
      continue;
    }
    let piece = '';
    if (name === undefined) {
      piece = token === '<' ? '&lt;' : token.startsWith('<') ? '' : token.replace(/>/g, '&gt;');
    } else if (DROPPED_WITH_CONTENT.has(name)) {
      if (!closing && !token.endsWith('/>')) skipUntil = name;
    } else if (ALLOWED_TAGS.has(name)) {
      piece = closing ? (VOID_TAGS.has(name) ? '' : `</${name}>`) : `<${name}${cleanAttrs(name, rawAttrs ?? '')}>`;
    }
    if (piece === '') continue;
    const size = Buffer.byteLength(piece, 'utf8');
    if (bytes + size > maxBytes) break;
    out.push(piece);
    bytes += size;
  }
  return out.join('');
}

function cleanAttrs(tag: string, raw: string): string {
  let result = '';
  ATTR.lastIndex = 0;
  for (let m = ATTR.exec(raw); m !== null; m = ATTR.exec(raw)) {
    const name = (m[1] ?? '').toLowerCase();
    if (!ALLOWED_ATTRS.has(name)) continue;
    const value = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '').slice(0, 4096);
    if (URL_ATTRS.has(name) && !isSafeUrl(tag, value)) continue;
    if (name === 'style' && UNSAFE_STYLE.test(value)) continue;
    result += ` ${name}="${escapeAttr(value)}"`;
  }
  return result;
}

function isSafeUrl(tag: string, value: string): boolean {
  const compact = value.replace(/[\u0000-\u0020\u007F-\u009F]+/g, '');
  if (tag === 'img' && SAFE_IMAGE_DATA.test(compact)) return true;
  return SAFE_URL.test(compact);
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', colon: ':', tab: '\t', newline: '\n' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});?/gi, (whole, ref: string) => {
    if (ref[0] !== '#') return NAMED[ref.toLowerCase()] ?? whole;
    const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : '\uFFFD';
  });
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttr(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;');
}
