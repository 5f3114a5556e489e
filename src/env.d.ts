// Types of Astro's virtual modules (astro:content ...) and of Vite's import.meta, without
// needing the generated .astro/ folder, so `tsc` works on a fresh checkout.
/// <reference types="astro/client" />
