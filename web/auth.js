// Sign-in: the token lives in sessionStorage (this tab only); GET /api/me says who it is.
import { api, token, describeError } from './api.js';
import { el, byId, clear, append } from './dom.js';

let me = null;

export function currentUser() {
  return me;
}

// The reports (#reports=...) are for km_leads and admins; the server refuses their API to others.
export function mayReport(user) {
  const roles = user?.roles ?? [];
  return roles.includes('km_lead') || roles.includes('admin');
}

// onSignedIn(user) runs after a token is accepted; the page shows the sign-in form otherwise.
export function initAuth({ onSignedIn }) {
  byId('signin-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const input = byId('token');
    if (!input.value.trim()) return;
    token.set(input.value);
    input.value = '';
    await checkToken(onSignedIn);
  });
  // Any call answered 401 (token revoked meanwhile) sends the worker back to sign in.
  window.addEventListener('km:unauthorized', (event) => {
    token.clear();
    me = null;
    showSignIn(`Your token was not accepted (${event.detail.message}). Paste a valid token to continue.`);
  });
}

export async function checkToken(onSignedIn) {
  if (!token.get()) {
    showSignIn('');
    return null;
  }
  setMessage('Checking your token…', false);
  try {
    me = await api('/api/me');
  } catch (err) {
    if (err.status !== 401) showSignIn(describeError(err));
    return null;   // a 401 already showed the sign-in form through km:unauthorized
  }
  showSignedIn(me);
  onSignedIn(me);
  return me;
}

function showSignIn(message) {
  byId('app').hidden = true;
  byId('signin').hidden = false;
  clear(byId('whoami'));
  setMessage(message, Boolean(message));
  byId('token').focus();
}

function setMessage(text, isError) {
  const msg = byId('signin-msg');
  msg.textContent = text;
  msg.classList.toggle('error', isError);
}

function showSignedIn(user) {
  byId('signin').hidden = true;
  byId('app').hidden = false;
  setMessage('', false);
  const roles = (user.roles ?? []).join(', ') || 'no role';
  const communities = (user.communities ?? []).join(', ');
  append(clear(byId('whoami')), [
    el('span', { class: 'who' },
      el('span', { class: 'visually-hidden' }, 'Signed in as '),
      el('strong', {}, user.name || user.id),
      ' ',
      el('span', { class: 'badge org' }, user.org ?? ''),
      ' ',
      el('span', { class: 'roles', title: communities ? `Communities: ${communities}` : null }, roles)),
    el('a', { href: '#requests=mine', class: 'nav-link', id: 'nav-requests' }, 'Requests'),
    mayReport(user) ? el('a', { href: '#reports=km', class: 'nav-link', id: 'nav-reports' }, 'Reports') : null,
    el('button', { type: 'button', class: 'link-button', onclick: signOut }, 'Sign out'),
  ]);
}

function signOut() {
  token.clear();
  me = null;
  showSignIn('You are signed out.');
  byId('signin-msg').classList.remove('error');
}
