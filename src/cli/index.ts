// tctl: its entry point, its route table and the profile bootstrap `meshbridge up` writes.
export { tctl, tctlRoutes, TCTL_GLOBAL_OPTIONS } from './main.js';
export { VERSION } from './version.js';
export { writeBootstrapProfile, type BootstrapProfileOptions } from './bootstrap-profile.js';
