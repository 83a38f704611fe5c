// REST API v1 from the browser: the token is kept for this tab only (sessionStorage) and sent as a
// bearer token; an error reply (application/problem+json) becomes an ApiError with its detail.
'use strict';

class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

const WankaApi = (() => {
  const KEY = 'wanka.token';

  async function failure(response) {
    try {
      const problem = await response.json();
      return new ApiError(response.status, problem.detail || problem.title || response.statusText);
    } catch (e) {
      return new ApiError(response.status, `HTTP ${response.status} ${response.statusText}`);
    }
  }

  async function request(method, path, token) {
    const response = await fetch(path, {
      method,
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
      body: method === 'POST' ? '' : undefined,
    });
    if (!response.ok) {
      throw await failure(response);
    }
    return response.json();
  }

  return {
    token: () => sessionStorage.getItem(KEY),
    forget: () => sessionStorage.removeItem(KEY),
    /** Checks a token with the server and keeps it when it is good; returns who it speaks for. */
    async signIn(token) {
      const who = await request('GET', '/api/v1/whoami', token);
      if (who.role === 'AGENT') {
        throw new ApiError(403, 'this is an agent\'s token; sign in with an admin\'s or a user\'s');
      }
      sessionStorage.setItem(KEY, token);
      return who;
    },
    get: (path) => request('GET', path, sessionStorage.getItem(KEY)),
    post: (path) => request('POST', path, sessionStorage.getItem(KEY)),
  };
})();
