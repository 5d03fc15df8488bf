/** Consumer mail domains: a sender there is a person, never a company to create from the domain. */
export const FREE_MAIL_DOMAINS: ReadonlySet<string> = new Set([
  'gmail.com', 'googlemail.com', 'outlook.com', 'live.com', 'msn.com', 'passport.com',
  'icloud.com', 'me.com', 'mac.com', 'aol.com', 'aim.com', 'web.de', 'proton.me', 'protonmail.com',
  'protonmail.ch', 'pm.me', 'mail.ru', 'inbox.ru', 'list.ru', 'bk.ru', 'zoho.com', 'zohomail.com',
  'yahoo.com', 'ymail.com', 'rocketmail.com', 'hotmail.com', 'gmx.com', 'gmx.net', 'gmx.de',
  'yandex.com', 'yandex.ru', 'ya.ru', 'mail.com', 'email.com', 'fastmail.com', 'fastmail.fm',
  'hey.com', 'tutanota.com', 'tuta.io', 'qq.com', '163.com', '126.com', 'sina.com', 'naver.com',
  'hanmail.net', 'daum.net', 'rediffmail.com', 't-online.de', 'freenet.de', 'orange.fr',
  'wanadoo.fr', 'free.fr', 'laposte.net', 'libero.it', 'virgilio.it', 'seznam.cz', 'wp.pl',
  'o2.pl', 'interia.pl', 'btinternet.com', 'comcast.net', 'verizon.net', 'att.net', 'sbcglobal.net',
  'bellsouth.net', 'cox.net', 'earthlink.net', 'rambler.ru', 'ukr.net', 'bol.com.br', 'uol.com.br',
]);

/** Brands whose mail domains exist under many country endings (yahoo.co.uk, hotmail.fr, gmx.at). */
const FREE_MAIL_BRANDS = new Set(['yahoo', 'hotmail', 'outlook', 'live', 'gmx', 'yandex', 'aol', 'windowslive']);
const COUNTRY_ENDING = /^(?:[a-z]{2,3}|co\.[a-z]{2}|com\.[a-z]{2})$/;

/** Whether a domain is a consumer mail provider (exact list, or brand + country ending). */
export function isFreeMailDomain(domain: string): boolean {
  const d = domain.trim().toLowerCase().replace(/\.$/, '');
  if (FREE_MAIL_DOMAINS.has(d)) return true;
  const dot = d.indexOf('.');
  return dot > 0 && FREE_MAIL_BRANDS.has(d.slice(0, dot)) && COUNTRY_ENDING.test(d.slice(dot + 1));
}
