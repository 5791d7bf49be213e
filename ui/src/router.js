// Hash routing: the URL holds the whole view (#/runs?filter=...&sort=...&sel=...), so a link can be shared
// and the export works from file:// (no server to route paths).

export function current() {
  const hash = location.hash.replace(/^#\/?/, '');
  const q = hash.indexOf('?');
  const path = (q < 0 ? hash : hash.slice(0, q)).split('/').map(decodeURIComponent);
  const params = new URLSearchParams(q < 0 ? '' : hash.slice(q + 1));
  return { page: path[0] || 'runs', arg: path[1] || '', params };
}

export function link(page, arg, params) {
  let h = '#/' + page + (arg ? '/' + encodeURIComponent(arg) : '');
  const qs = params ? new URLSearchParams(Object.entries(params).filter(([, v]) => v !== '' && v !== null && v !== undefined && v !== false)).toString() : '';
  return qs ? h + '?' + qs : h;
}

/** Changes some parameters of the current view; replace keeps browser history free of every keystroke. */
export function update(changes, replace, silent) {
  const { page, arg, params } = current();
  const merged = Object.fromEntries(params.entries());
  Object.assign(merged, changes);
  const target = link(page, arg, merged);
  if (replace) {
    history.replaceState(null, '', target);
    if (!silent) window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    location.hash = target;
  }
}
