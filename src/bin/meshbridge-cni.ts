// The CNI plugin executable; the real entry is src/cni (bundled whole, starts fast).
import '../cni/plugin/main.js';
