(() => {
  const list = document.getElementById('edits');
  const items = Array.from(list.querySelectorAll('li[data-e]'));
  const pos = new Map(items.map((li, k) => [li.dataset.e, k]));
  const panes = { raw: document.getElementById('raw'), out: document.getElementById('out') };
  const status = document.getElementById('status');
  let cur = -1;
  let lit = [];
  function go(k) {
    if (!items.length) return;
    cur = (k + items.length) % items.length;
    const li = items[cur];
    const e = li.dataset.e;
    lit.forEach(el => el.classList.remove('cur', 'flash'));
    lit = [li];
    for (let d = li.closest('details'); d; d = d.parentElement.closest('details')) d.open = true;
    li.classList.add('cur');
    li.scrollIntoView({ block: 'nearest' });
    let inOut = false;
    for (const [side, pane] of Object.entries(panes)) {
      const at = document.getElementById('e' + e + '-' + side);
      if (!at) continue;
      if (side === 'out') inOut = true;
      at.scrollIntoView({ block: 'center', inline: 'nearest' });
      for (const el of pane.querySelectorAll('[data-e~="' + e + '"]')) {
        el.classList.remove('flash');
        void el.offsetWidth; // restart the animation
        el.classList.add('flash', 'cur');
        lit.push(el);
      }
    }
    status.textContent = 'edit ' + (cur + 1) + ' of ' + items.length + ': ' + li.title +
      (inOut ? '' : ' (nothing of it is left in the cleaned text)');
  }
  list.addEventListener('click', ev => {
    const li = ev.target.closest('li[data-e]');
    if (li) go(items.indexOf(li));
  });
  for (const pane of Object.values(panes)) {
    pane.addEventListener('click', ev => {
      const el = ev.target.closest('[data-e]');
      const k = el && pos.get(el.dataset.e.split(' ')[0]);
      if (k !== undefined && k !== null) go(k);
    });
  }
  document.addEventListener('keydown', ev => {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (ev.key === 'n') { go(cur + 1); ev.preventDefault(); }
    else if (ev.key === 'p') { go(cur < 0 ? items.length - 1 : cur - 1); ev.preventDefault(); }
  });
  // `report.html#e12` opens with edit 12 selected (for links from the text report, and tests)
  const start = pos.get(location.hash.replace(/^#e/, ''));
  if (start !== undefined) go(start);
  document.body.dataset.ready = '1';
})();
