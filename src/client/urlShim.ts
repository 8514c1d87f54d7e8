/**
 * Stands in for the `whatwg-url` package when esbuild bundles `node-fetch@2` (see esbuild.js): Node's
 * own WHATWG `URL` does the same job, and the package (with `tr46`) would add about 290 KB.
 */
export { URL, URLSearchParams } from 'node:url';
