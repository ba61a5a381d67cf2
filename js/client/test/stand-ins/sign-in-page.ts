/**
 * Stands in for the person at the embedded identity provider's sign-in page: opens the authorize
 * URL, fills the login form (with its CSRF token and the session cookie), follows redirects, and
 * answers the URL the issuer sends the browser back to, with its code and state.
 */
import { USER } from '../support/server.js';

export async function signInAtIssuer(authorizeUrl: string, redirectUri: string): Promise<string> {
  const cookies = new Map<string, string>();
  const go = async (target: string, init: RequestInit = {}) => {
    const response = await fetch(new URL(target, authorizeUrl), {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), Cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '), Accept: 'text/html' },
    });
    for (const c of response.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    return response;
  };
  let response = await go(authorizeUrl);
  for (let hops = 0; hops < 10; hops++) {
    const location = response.headers.get('location');
    if (location) {
      const next = new URL(location, authorizeUrl);
      if (next.toString().startsWith(redirectUri)) return next.toString();
      response = await go(next.toString());
      continue;
    }
    const html = await response.text();
    const csrf = /name="_csrf"[^>]*value="([^"]+)"/.exec(html)?.[1];
    if (!csrf) throw new Error(`Sign-in stuck at HTTP ${response.status}: ${html.slice(0, 300)}`);
    const form = new URLSearchParams({ username: USER.username, password: USER.password, _csrf: csrf });
    response = await go('/login', { method: 'POST', body: form, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  }
  throw new Error('The issuer did not send the browser back');
}
