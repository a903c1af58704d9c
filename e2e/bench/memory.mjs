// Memory of a running Floorview page, as the soaks read it: the JS heap and the wasm
// instance's linear memory, each after a forced full GC, and the page's DOM nodes.
//
// The wasm memory is taken from the instance itself: an init script wraps
// WebAssembly.instantiate / instantiateStreaming before any page script runs and keeps
// the exported memory of every instance created. The app's loader (public/boot.js)
// needs no hook for it, and a broken probe reads 0, which `readMemory` refuses.

/** Installs the wasm memory catcher; call before the first navigation. */
export async function catchWasmMemory(page) {
  await page.addInitScript(() => {
    const keep = (result) => {
      const instance = result?.instance ?? result;
      const memory = instance?.exports?.memory;
      if (memory instanceof WebAssembly.Memory) window.__floorviewWasmMemory = memory;
      return result;
    };
    for (const name of ["instantiate", "instantiateStreaming"]) {
      const original = WebAssembly[name];
      if (typeof original !== "function") continue;
      WebAssembly[name] = function (...args) {
        return original.apply(this, args).then(keep);
      };
    }
  });
}

/** JS heap, wasm memory and DOM nodes, after a full GC. Throws if no wasm memory was caught. */
export async function readMemory(page, cdp) {
  await cdp.send("HeapProfiler.collectGarbage");
  const metrics = Object.fromEntries((await cdp.send("Performance.getMetrics")).metrics.map((m) => [m.name, m.value]));
  const heap = (await cdp.send("Runtime.getHeapUsage")).usedSize;
  const wasm = await page.evaluate(() => window.__floorviewWasmMemory?.buffer.byteLength ?? 0);
  if (!(wasm > 1_000_000)) {
    throw new Error(`the wasm memory probe read ${wasm} bytes: the instance was not caught (is catchWasmMemory installed?)`);
  }
  return { heap, wasm, nodes: metrics.Nodes, listeners: metrics.JSEventListeners };
}

/** Median of the last three samples' `key` minus the median of the first three. */
export function growth(samples, key) {
  const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  return median(samples.slice(-3).map((s) => s[key])) - median(samples.slice(0, 3).map((s) => s[key]));
}

/**
 * A 1080p soak page in `browser`: counts its page errors and wasm panics (logged as
 * they come), catches its wasm memory, and opens a DevTools session for readings.
 */
export async function soakPage(browser, log) {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const page = await context.newPage();
  const counts = { pageErrors: 0, panics: 0 };
  page.on("pageerror", (e) => (counts.pageErrors++, log(`page error: ${e}`)));
  page.on("console", (m) => {
    if (m.type() === "error" && /panicked at/.test(m.text())) (counts.panics++, log(`panic: ${m.text()}`));
  });
  await catchWasmMemory(page);
  const cdp = await context.newCDPSession(page);
  await cdp.send("Performance.enable");
  return { context, page, cdp, counts };
}
