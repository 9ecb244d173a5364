// File-system helpers shared by the parts that write files (server, agent, CNI installer, tctl),
// which may not import one another: atomic writes. Node built-ins only; imports nothing from src/.
export { writeFileAtomic, prepareAtomicWrite, fsyncDir, type AtomicWriteOptions, type PreparedWrite } from './atomic-write.js';
