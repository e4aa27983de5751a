// The km-server JSON API: one fetch wrapper that adds the bearer token and turns the
// server's {"error": {"code", "message"}} answers into ApiError.

const TOKEN_KEY = 'km.token';

export const token = {
  get: () => sessionStorage.getItem(TOKEN_KEY) ?? '',
  set: (value) => sessionStorage.setItem(TOKEN_KEY, value.trim()),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

// params: {name: value | [values]}; empty values are left out, lists are joined by commas
// (the server accepts kind=answer,lesson).
export function apiUrl(path, params = {}) {
  const url = new URL(path, location.origin);
  for (const [name, value] of Object.entries(params)) {
    const text = Array.isArray(value) ? value.join(',') : value;
    if (text !== undefined && text !== null && text !== '') url.searchParams.set(name, text);
  }
  return url;
}

function authHeaders(accept) {
  const headers = { Accept: accept };
  const bearer = token.get();
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  return headers;
}

export async function api(path, { params = {}, method = 'GET', body, signal } = {}) {
  const url = apiUrl(path, params);
  const headers = authHeaders('application/json');
  if (body !== undefined) headers['Content-Type'] = 'application/json';

  let response;
  try {
    response = await fetch(url, {
      method, headers, signal, body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (err) {
    if (err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network', 'The server does not answer. Check that km-server is running.');
  }
  let data = null;
  try {
    data = await response.json();
  } catch (err) {
    // A search cancelled while its body was arriving is a cancellation, not an empty answer.
    if (err.name === 'AbortError') throw err;
    data = null;
  }
  if (!response.ok) {
    const error = data?.error ?? {};
    const apiError = new ApiError(response.status, error.code ?? `http_${response.status}`,
      error.message ?? response.statusText);
    if (response.status === 401) {
      window.dispatchEvent(new CustomEvent('km:unauthorized', { detail: apiError }));
    }
    throw apiError;
  }
  if (data === null) throw new ApiError(response.status, 'bad_response', 'The server sent an answer the page cannot read.');
  return data;
}

// A file the API serves (a report as CSV) as a Blob: a plain link would not carry the token.
export async function apiBlob(path, { params = {} } = {}) {
  let response;
  try {
    response = await fetch(apiUrl(path, params), { headers: authHeaders('*/*') });
  } catch {
    throw new ApiError(0, 'network', 'The server does not answer. Check that km-server is running.');
  }
  if (!response.ok) {
    const error = (await response.json().catch(() => null))?.error ?? {};
    throw new ApiError(response.status, error.code ?? `http_${response.status}`, error.message ?? response.statusText);
  }
  return response.blob();
}

// A sentence a worker can act on, with the server's own message where it helps.
export function describeError(err) {
  if (!(err instanceof ApiError)) return `Something went wrong: ${err?.message ?? err}`;
  switch (err.status) {
    case 0: return err.message;
    case 400: return err.message ? `${capitalise(err.message)}.` : 'The server did not understand that.';
    case 401: return `You are not signed in: ${err.message}.`;
    case 403: return `You may not do that: ${err.message}.`;
    case 404: return 'Not found — it does not exist, or you may not see it.';
    case 413: return 'That is too large for the server.';
    case 503: return 'The index is busy right now. Please try again in a moment.';
    default: return `The server failed (${err.status} ${err.code}): ${err.message}`;
  }
}

function capitalise(text) {
  const s = String(text).replace(/\.$/, '');
  return s.charAt(0).toUpperCase() + s.slice(1);
}
