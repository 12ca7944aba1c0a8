import { loadDocument } from './src/config/document.ts';
import { validateProfile } from './src/hardware/profile-schema.ts';
const d = loadDocument('/tmp/cat1/accelerators/bad-accel.yaml');
console.log(validateProfile(d, d.data).issues);
