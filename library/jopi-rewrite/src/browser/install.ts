/**
 * Installs the web shims as soon as the browser entry is imported, before any module of the
 * library runs: ES modules evaluate their imports in order, so index.ts imports this one first.
 * @module
 */
import {installWebShims} from "./web-shims.ts";

installWebShims();
