// `npm test` starts here: without a browser the e2e tests could only fail after minutes of unit tests.
import { existsSync } from 'node:fs';
const path = process.env.CHROME_PATH || '/usr/bin/chromium';
if (!existsSync(path)) {
  console.error(`npm test needs Chromium at ${path} for its browser tests: install Debian's (apt-get install -y chromium) or set CHROME_PATH to a Chromium binary.`);
  process.exit(1);
}
