// The CNI plugin executable. Bundled whole into dist/meshbridge-cni.js: it imports src/cni (and
// through it the error catalogue) only, so a container runtime pays Node's start-up and little else.
import { pluginMain } from '../cni/index.js';

await pluginMain();
