import { describe, expect, it } from 'vitest';
import { sanitizeHtml } from '../../../../shared/adapters/mime/sanitize-html.js';

describe('sanitizeHtml', () => {
  it('removes script, style, iframe, object, embed and form together with their content', () => {
    const html = '<p>Hi</p><script>alert(1)</script><style>p{}</style><iframe src="x">in</iframe>'
      + '<object data="x">o</object><embed src="x"><form action="x"><input name="p">f</form><p>end</p>';

    expect(sanitizeHtml(html)).toBe('<p>Hi</p><p>end</p>');
  });

  it('drops on* handlers and javascript: links, also when entity-encoded or split by whitespace', () => {
    const html = '<a href="jav&#x61;script:alert(1)" onclick="x()">a</a><a href=" java\tscript:x">b</a>'
      + '<img src=x onerror=alert(1)><div onmouseover="x" style="color:red">c</div>';

    expect(sanitizeHtml(html)).toBe('<a>a</a><a>b</a><img src="x"><div style="color:red">c</div>');
  });

  it('keeps safe links and images and escapes attribute values', () => {
    const html = '<a href="https://x.example/?a=1&amp;b=&quot;2&quot;" title=\'say "hi"\'>go</a><img src="cid:logo@x">';

    expect(sanitizeHtml(html)).toBe('<a href="https://x.example/?a=1&amp;b=&quot;2&quot;" title="say &quot;hi&quot;">go</a><img src="cid:logo@x">');
  });

  it('drops data: URLs except raster images, and styles that load or run anything', () => {
    const html = '<a href="data:text/html;base64,PHNjcmlwdD4=">d</a><img src="data:image/svg+xml;base64,PHN2Zz4=">'
      + '<img src="data:image/png;base64,iVBORw0KGgo="><p style="background:url(https://t.example)">s</p>';

    expect(sanitizeHtml(html)).toBe('<a>d</a><img><img src="data:image/png;base64,iVBORw0KGgo="><p>s</p>');
  });

  it('drops unknown tags but keeps their text, and drops comments and doctypes', () => {
    const html = '<!DOCTYPE html><html><body><!-- secret --><custom-tag>text</custom-tag><button>b</button></body></html>';

    expect(sanitizeHtml(html)).toBe('textb');
  });

  it('caps the output without cutting a tag', () => {
    const html = '<p>Widgets <b>on sale</b></p>'.repeat(10_000);

    const clean = sanitizeHtml(html, 1_000);

    expect(Buffer.byteLength(clean)).toBeLessThanOrEqual(1_000);
    expect(clean).toMatch(/>$|[a-z]$/);
    expect(clean.lastIndexOf('<')).toBeLessThan(clean.lastIndexOf('>'));
  });

  it('treats an unclosed script as running to the end of the document', () => {
    expect(sanitizeHtml('<p>a</p><script>alert(1)<p>b</p>')).toBe('<p>a</p>');
  });
});
