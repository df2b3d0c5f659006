// A Vite plugin: index.html fetches the remembered language's shared words (src/i18n/zh.ts or
// en.ts, a chunk each) together with the entry, not after the entry has run (main.tsx waits for
// them before the first render; one round trip less on a phone). An inline script at the top of
// <head> (a script after the stylesheet would wait for it), allowed by
// the server's CSP by its hash like the large-text one.
const CORE = /\/src\/i18n\/(zh|en)\.ts$/;

export function languagePreload() {
  return {
    name: 'lianxin-language-preload',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const files = {};
        for (const chunk of Object.values(ctx.bundle ?? {})) {
          const m = chunk.type === 'chunk' && chunk.facadeModuleId?.match(CORE);
          if (m) files[m[1]] = `/${chunk.fileName}`;
        }
        if (!files.zh || !files.en) throw new Error('language-preload: the i18n/zh.ts and en.ts chunks are missing');
        const script = `try{var l=document.createElement('link');l.rel='modulepreload';l.href=JSON.parse(localStorage.getItem('lx.prefs')||'{}').lang==='en'?${JSON.stringify(files.en)}:${JSON.stringify(files.zh)};document.head.appendChild(l)}catch(e){}`;
        return [{ tag: 'script', children: script, injectTo: 'head-prepend' }];
      },
    },
  };
}
