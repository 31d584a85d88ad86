// <keyfleet-timeline>: a Gantt chart of passes and contacts, one row per satellite and per terminal. Plain DOM:
// bars are absolutely placed <div>s with the pass's figures in their title (hover) and data attributes (tests).
function esc(s) {
  return String(s ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

class KeyfleetTimeline extends HTMLElement {
  set data(v) {
    this._data = v ? JSON.parse(v) : null;
    this._render();
  }

  connectedCallback() {
    this._render();
  }

  _render() {
    const d = this._data;
    if (!d || !this.isConnected) {
      this.innerHTML = '';
      return;
    }
    const span = Math.max(1, d.end - d.start);
    const pct = t => (100 * (t - d.start) / span).toFixed(4) + '%';
    const width = (a, b) => Math.max(0.15, 100 * (b - a) / span).toFixed(4) + '%';
    const hours = span / 3600000;
    const stepH = [1, 2, 3, 6, 12, 24, 48, 168].find(h => hours / h <= 14) || 336;
    const ticks = [];
    const first = Math.ceil(d.start / (stepH * 3600000)) * stepH * 3600000;
    for (let t = first; t <= d.end; t += stepH * 3600000) {
      const label = new Date(t).toISOString().slice(stepH >= 24 ? 5 : 11, stepH >= 24 ? 10 : 16);
      ticks.push(`<div class="kf-tl-tick" style="left:${pct(t)}"><span>${label}</span></div>`);
    }
    let html = `<div class="kf-tl-axis">${ticks.join('')}</div>`;
    let group = null;
    for (const row of d.rows) {
      if (row.group !== group) {
        group = row.group;
        html += `<div class="kf-tl-group">${esc(group)}</div>`;
      }
      html += `<div class="kf-tl-row" data-row="${esc(row.label)}"><div class="kf-tl-label">${esc(row.label)}</div><div class="kf-tl-lane">`;
      for (const s of row.shade || []) {
        html += `<div class="kf-tl-daylight" style="left:${pct(s[0])};width:${width(s[0], s[1])}"></div>`;
      }
      for (const b of row.bars) {
        const cls = 'kf-tl-bar' + (b.contact ? ' kf-tl-contact' : ' kf-tl-pass') + (b.daylight ? ' kf-tl-day' : '');
        const opacity = b.contact ? (0.35 + 0.65 * (b.pClear ?? 1)).toFixed(2) : '0.5';
        html += `<div class="${cls}" style="left:${pct(b.aos)};width:${width(b.aos, b.los)};opacity:${opacity}"`
          + ` title="${esc(b.title)}" data-satellite="${esc(b.satellite)}" data-terminal="${esc(b.terminal)}"></div>`;
      }
      html += '</div></div>';
    }
    this.innerHTML = html;
  }
}

customElements.define('keyfleet-timeline', KeyfleetTimeline);
