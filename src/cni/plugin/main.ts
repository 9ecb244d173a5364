// Placeholder entry until the CNI plugin lands: answers VERSION only, errors otherwise.
const cmd = process.env.CNI_COMMAND;
if (cmd === 'VERSION') {
  process.stdout.write(JSON.stringify({ cniVersion: '1.0.0', supportedVersions: ['0.3.0', '0.3.1', '0.4.0', '1.0.0'] }));
} else {
  process.stdout.write(JSON.stringify({ cniVersion: '1.0.0', code: 4, msg: `meshbridge-cni: command ${cmd ?? '(none)'} not implemented yet` }));
  process.exitCode = 1;
}
