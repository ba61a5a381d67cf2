/**
 * Plays a person's browser against the embedded identity provider: follows redirects by hand
 * with a cookie jar, and fills the sign-in form (with its CSRF token) when it appears.
 */
import { USER } from './users.js';

export class BrowserSession {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly base: string) {}

  async go(target: string, init: RequestInit = {}): Promise<Response> {
    const response = await fetch(new URL(target, this.base), {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), Cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '), Accept: 'text/html' },
    });
    for (const c of response.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair.indexOf('=');
      this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    return response;
  }

  /**
   * Opens `url` and follows it, signing in when asked, until `stop(location)` says a redirect
   * is where the flow ends (answered), or a page without a form is reached (undefined).
   */
  async follow(url: string, stop: (location: URL) => boolean = () => false): Promise<URL | undefined> {
    let response = await this.go(url);
    for (let hops = 0; hops < 15; hops++) {
      const location = response.headers.get('location');
      if (location) {
        const next = new URL(location, this.base);
        if (stop(next)) return next;
        response = await this.go(next.toString());
        continue;
      }
      const html = await response.text();
      if (/name="consent_form"/.test(html)) {
        response = await this.consent(html);
        continue;
      }
      const csrf = /name="_csrf"[^>]*value="([^"]+)"/.exec(html)?.[1];
      if (!csrf || !/name="password"/.test(html)) {
        if (response.status >= 400) throw new Error(`Sign-in stuck at HTTP ${response.status}: ${html.slice(0, 300)}`);
        return undefined;
      }
      const form = new URLSearchParams({ username: USER.username, password: USER.password, _csrf: csrf });
      response = await this.go('/login', { method: 'POST', body: form, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    }
    throw new Error('Sign-in went round in circles');
  }

  /** Ticks every scope on the consent page and submits it, as a user approving would. */
  private consent(html: string): Promise<Response> {
    const form = new URLSearchParams();
    for (const [tag] of html.matchAll(/<input[^>]*>/g)) {
      const name = /name="([^"]+)"/.exec(tag)?.[1];
      const value = /value="([^"]*)"/.exec(tag)?.[1];
      if (name && value !== undefined && /type="(hidden|checkbox)"/.test(tag)) form.append(name, value);
    }
    const action = /<form[^>]*name="consent_form"[^>]*action="([^"]+)"/.exec(html)?.[1] ?? '/oauth2/device_verification';
    return this.go(action, { method: 'POST', body: form, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  }
}
