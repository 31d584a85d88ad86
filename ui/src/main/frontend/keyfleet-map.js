// <keyfleet-map>: the fleet on a Leaflet map. Light DOM (no shadow root) so Leaflet's global CSS applies.
// The basemap is Natural Earth country outlines (world-atlas TopoJSON, converted with topojson-client); a tile URL
// is optional. The server sets JSON properties; the element animates satellites along the tracks it was given and
// reports the time it shows ('keyfleet-time') and what was clicked ('keyfleet-select').
import * as L from 'leaflet';
import { feature } from 'topojson-client';
import countries110m from 'world-atlas/countries-110m.json';

const STATE_COLOURS = { ok: '#2e7d32', short: '#f9a825', low: '#c62828', none: '#757575' };

// Rings of outlines crossing ±180° jump by ~360° in longitude: keep each ring continuous (longitudes may leave
// [-180, 180]) so that Leaflet does not draw a line across the whole map.
function unwrapRing(ring) {
  const out = [];
  let prev = null;
  let offset = 0;
  for (const [lon, lat] of ring) {
    let l = lon + offset;
    if (prev !== null) {
      while (l - prev > 180) { offset -= 360; l -= 360; }
      while (l - prev < -180) { offset += 360; l += 360; }
    }
    out.push([lat, l]);
    prev = l;
  }
  return out;
}

function outlines(geometry) {
  if (!geometry) return [];
  if (geometry.type === 'Polygon') return [geometry.coordinates.map(unwrapRing)];
  if (geometry.type === 'MultiPolygon') return geometry.coordinates.map(p => p.map(unwrapRing));
  return [];
}

// Ground tracks are broken where they cross the antimeridian instead: a track wraps round the Earth many times.
function splitAtAntimeridian(points) {
  const segments = [];
  let current = [];
  let prev = null;
  for (const p of points) {
    if (prev !== null && Math.abs(p[1] - prev[1]) > 180) {
      if (current.length > 1) segments.push(current);
      current = [];
    }
    current.push(p);
    prev = p;
  }
  if (current.length > 1) segments.push(current);
  return segments;
}

// Position at time t on a track of [t, lat, lon] points: linear between samples, longitude across ±180° handled.
function interpolate(track, t) {
  if (!track || track.length === 0 || t < track[0][0] || t > track[track.length - 1][0]) return null;
  let lo = 0;
  let hi = track.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (track[mid][0] <= t) lo = mid; else hi = mid;
  }
  const a = track[lo];
  const b = track[hi];
  const f = b[0] === a[0] ? 0 : (t - a[0]) / (b[0] - a[0]);
  let dLon = b[2] - a[2];
  if (dLon > 180) dLon -= 360;
  if (dLon < -180) dLon += 360;
  let lon = a[2] + f * dLon;
  if (lon > 180) lon -= 360;
  if (lon < -180) lon += 360;
  return [a[1] + f * (b[1] - a[1]), lon];
}

function esc(s) {
  return String(s ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

function iso(ms) {
  return new Date(ms).toISOString().replace('.000Z', 'Z').replace('T', ' ');
}

class KeyfleetMap extends HTMLElement {
  constructor() {
    super();
    this._terminals = [];
    this._satellites = [];
    this._passes = [];
    this._start = 0;
    this._end = 0;
    this._time = 0;
    this._playing = false;
    this._speed = 600;
    this._timer = null;
    this._lastReport = 0;
  }

  connectedCallback() {
    if (this._map) return;
    this.style.display = 'flex';
    this.style.flexDirection = 'column';
    this.innerHTML = `
      <div class="kf-map-canvas" style="flex:1 1 auto;min-height:300px;background:#d8e6f3"></div>
      <div class="kf-map-controls" style="display:flex;gap:.5em;align-items:center;padding:.4em 0">
        <button type="button" class="kf-play" title="Play / pause the map's time">▶</button>
        <input type="range" class="kf-slider" min="0" max="1" step="1" value="0" style="flex:1 1 auto">
        <select class="kf-speed" title="Speed of the map's time">
          <option value="60">60×</option><option value="600" selected>600×</option>
          <option value="3600">3600×</option><option value="14400">4 h/s</option>
        </select>
        <span class="kf-time" style="font-family:monospace;min-width:13em"></span>
      </div>`;
    this._canvas = this.querySelector('.kf-map-canvas');
    this._slider = this.querySelector('.kf-slider');
    this._timeLabel = this.querySelector('.kf-time');
    this._playButton = this.querySelector('.kf-play');
    this.querySelector('.kf-speed').addEventListener('change', e => { this._speed = Number(e.target.value); });
    this._playButton.addEventListener('click', () => this.playing = !this._playing);
    this._slider.addEventListener('input', () => this._setTime(Number(this._slider.value), true));

    this._map = L.map(this._canvas, { worldCopyJump: true, minZoom: 1, zoomSnap: 0.5 }).setView([45, 10], 3);
    this._baseLayer = L.layerGroup().addTo(this._map);
    this._footprintLayer = L.layerGroup().addTo(this._map);
    this._trackLayer = L.layerGroup().addTo(this._map);
    this._passLayer = L.layerGroup().addTo(this._map);
    this._linkLayer = L.layerGroup().addTo(this._map);
    this._terminalLayer = L.layerGroup().addTo(this._map);
    this._satelliteLayer = L.layerGroup().addTo(this._map);
    this._drawBase();
    this._drawAll();
    this._applyRange();
    this._fitTerminals();
    // the element may get its size after attach (flex layout): let Leaflet measure again
    this._resize = new ResizeObserver(() => {
      this._map.invalidateSize();
      this._fitTerminals();
    });
    this._resize.observe(this._canvas);
  }

  disconnectedCallback() {
    this.playing = false;
  }

  // --- properties set by the server ---------------------------------------------------------------------------
  set tileUrl(v) { this._tileUrl = v || ''; this._drawBase(); }
  get tileUrl() { return this._tileUrl; }
  set tileAttribution(v) { this._tileAttribution = v || ''; this._drawBase(); }
  set terminalsJson(v) { this._terminals = v ? JSON.parse(v) : []; this._drawTerminals(); this._fitTerminals(); }
  set satellitesJson(v) { this._satellites = v ? JSON.parse(v) : []; this._drawTracks(); this._drawMoving(); }
  set passesJson(v) { this._passes = v ? JSON.parse(v) : []; this._drawPasses(); this._drawMoving(); }
  set range(v) {
    const r = v ? JSON.parse(v) : null;
    if (!r) return;
    this._start = r.start;
    this._end = r.end;
    if (r.time !== undefined && r.time !== null) this._time = r.time;
    this._applyRange();
  }
  get time() { return this._time; }
  set playing(p) {
    this._playing = !!p;
    if (this._playButton) this._playButton.textContent = this._playing ? '❚❚' : '▶';
    if (this._playing && !this._timer) {
      let last = performance.now();
      this._timer = setInterval(() => {
        const now = performance.now();
        const next = Math.min(this._end, this._time + (now - last) * this._speed);
        last = now;
        this._setTime(next, true);
        if (next >= this._end) this.playing = false;
      }, 200);
    } else if (!this._playing && this._timer) {
      clearInterval(this._timer);
      this._timer = null;
      this._report(true);
    }
  }
  get playing() { return this._playing; }

  // the slider and clock label, once both the controls and the range exist
  _applyRange() {
    if (!this._slider || !this._end) return;
    this._slider.min = String(this._start);
    this._slider.max = String(this._end);
    this._slider.step = '1000';
    this._setTime(this._time, false);
  }

  // first view: every terminal in sight
  _fitTerminals() {
    // only once the map has its size: a fit computed on an empty box zooms out to the whole world
    if (this._fitted || !this._map || this._terminals.length === 0 || this._canvas.clientHeight < 50) return;
    this._fitted = true;
    const bounds = L.latLngBounds(this._terminals.map(t => [t.lat, t.lon]));
    this._map.fitBounds(bounds.pad(0.6), { maxZoom: 5 });
  }

  // --- drawing --------------------------------------------------------------------------------------------------
  _drawBase() {
    if (!this._map) return;
    this._baseLayer.clearLayers();
    if (this._tileUrl) {
      L.tileLayer(this._tileUrl, { attribution: this._tileAttribution || '', maxZoom: 18 }).addTo(this._baseLayer);
    }
    if (!this._countries) {
      const fc = feature(countries110m, countries110m.objects.countries);
      this._countries = fc.features.flatMap(f => outlines(f.geometry));
    }
    const style = this._tileUrl
      ? { color: '#555', weight: 0.6, fill: false, interactive: false }
      : { color: '#7a8a99', weight: 0.7, fillColor: '#f4f1ea', fillOpacity: 1, interactive: false };
    for (const shift of [-360, 0, 360]) {   // copies either side, so panning across ±180° shows land
      const shifted = shift === 0 ? this._countries
        : this._countries.map(poly => poly.map(ring => ring.map(([lat, lon]) => [lat, lon + shift])));
      L.polygon(shifted, { ...style, className: 'kf-country' }).addTo(this._baseLayer);
    }
  }

  _drawAll() {
    this._drawTerminals();
    this._drawTracks();
    this._drawPasses();
    this._drawMoving();
  }

  _drawTerminals() {
    if (!this._map) return;
    this._terminalLayer.clearLayers();
    this._footprintLayer.clearLayers();
    for (const t of this._terminals) {
      if (t.footprintKm) {
        L.circle([t.lat, t.lon], { radius: t.footprintKm * 1000, color: '#1565c0', weight: 1, dashArray: '4 4',
          fill: false, interactive: false, className: 'kf-footprint' }).addTo(this._footprintLayer);
      }
      const colour = STATE_COLOURS[t.state] || STATE_COLOURS.none;
      const m = L.circleMarker([t.lat, t.lon], { radius: 8, color: '#222', weight: 1.5, fillColor: colour,
        fillOpacity: 0.95, className: 'kf-terminal kf-terminal-' + t.state });
      // permanent labels for a few terminals; with dozens they would hide each other, so they show on hover
      m.bindTooltip(esc(t.id), { permanent: this._terminals.length <= 15, direction: 'right',
        className: 'kf-terminal-label' });
      m.bindPopup(() => this._terminalPopup(t));
      m.on('click', () => this._select('terminal', t.id));
      m.addTo(this._terminalLayer);
      m.getElement()?.setAttribute('data-terminal', t.id);
    }
  }

  _terminalPopup(t) {
    const rows = (t.details || []).map(([k, v]) => `<tr><th style="text-align:left;padding-right:.6em">${esc(k)}</th><td>${esc(v)}</td></tr>`).join('');
    return `<b>${esc(t.id)}</b> ${esc(t.name)}<table>${rows}</table>`;
  }

  _drawTracks() {
    if (!this._map) return;
    this._trackLayer.clearLayers();
    for (const s of this._satellites) {
      const pts = (s.track || []).map(p => [p[1], p[2]]);
      for (const seg of splitAtAntimeridian(pts)) {
        L.polyline(seg, { color: '#6a1b9a', weight: 1.5, opacity: 0.7, interactive: false,
          className: 'kf-ground-track' }).addTo(this._trackLayer);
      }
    }
  }

  _drawPasses() {
    if (!this._map) return;
    this._passLayer.clearLayers();
    for (const p of this._passes) {
      for (const seg of splitAtAntimeridian(p.track || [])) {
        const line = L.polyline(seg, { color: p.contact ? '#ef6c00' : '#90a4ae', weight: p.contact ? 5 : 3,
          opacity: 0.8, className: 'kf-pass' + (p.contact ? ' kf-contact' : '') });
        line.bindTooltip(`${esc(p.satellite)} → ${esc(p.terminal)}<br>${iso(p.aos)} – ${iso(p.los)}`
          + (p.expectedBits !== undefined ? `<br>expected ${esc(p.expectedBits)} bits` : ''));
        line.on('click', () => this._select('pass', p.satellite + '/' + p.terminal + '/' + p.aos));
        line.addTo(this._passLayer);
      }
    }
  }

  // satellites at the map's time, and lines to the terminals they are in a pass with
  _drawMoving() {
    if (!this._map) return;
    this._satelliteLayer.clearLayers();
    this._linkLayer.clearLayers();
    const positions = {};
    for (const s of this._satellites) {
      const pos = interpolate(s.track, this._time);
      if (!pos) continue;
      positions[s.id] = pos;
      const m = L.circleMarker(pos, { radius: 6, color: '#4a148c', weight: 2, fillColor: '#ce93d8', fillOpacity: 1,
        className: 'kf-satellite' });
      m.bindTooltip(esc(s.id), { direction: 'top' });
      m.bindPopup(() => `<b>${esc(s.id)}</b><br>${iso(this._time)}<br>lat ${pos[0].toFixed(2)}°, lon ${pos[1].toFixed(2)}°`);
      m.on('click', () => this._select('satellite', s.id));
      m.addTo(this._satelliteLayer);
      m.getElement()?.setAttribute('data-satellite', s.id);
    }
    for (const p of this._passes) {
      if (p.aos <= this._time && this._time <= p.los && positions[p.satellite]) {
        const t = this._terminals.find(x => x.id === p.terminal);
        if (t) {
          L.polyline([[t.lat, t.lon], positions[p.satellite]], { color: '#ef6c00', weight: 2, dashArray: '6 4',
            interactive: false, className: 'kf-link' }).addTo(this._linkLayer);
        }
      }
    }
  }

  _setTime(ms, fromUser) {
    this._time = ms;
    if (this._slider && String(this._slider.value) !== String(ms)) this._slider.value = String(ms);
    if (this._timeLabel) this._timeLabel.textContent = this._time ? iso(this._time) + ' UTC' : '';
    this._drawMoving();
    if (fromUser) this._report(false);
  }

  // tell the server the time shown: at most every 2 s while playing or dragging, and at once when paused
  _report(now) {
    const real = performance.now();
    if (!now && real - this._lastReport < 2000) {
      clearTimeout(this._pending);
      this._pending = setTimeout(() => this._report(true), 500);
      return;
    }
    clearTimeout(this._pending);
    this._lastReport = real;
    this.dispatchEvent(new CustomEvent('keyfleet-time', { detail: { time: this._time } }));
  }

  _select(kind, id) {
    this.dispatchEvent(new CustomEvent('keyfleet-select', { detail: { kind, id } }));
  }
}

customElements.define('keyfleet-map', KeyfleetMap);
