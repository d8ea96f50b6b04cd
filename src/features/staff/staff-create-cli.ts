/*
 * Creates a member of staff from the command line, e.g. the first administrator:
 *   npm run staff:create -- --email admin@landlord.example --role administrator [--name "Ada Admin"]
 * Prints a password to change; two-step sign-in is set up at first sign-in.
 */
import { parseArgs } from 'node:util';
import { buildApp } from '../../app.ts';
import { loadConfig } from '../../config.ts';
import { openDatabase } from '../../db/dialect.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { isEmail } from '../../lib/forms.ts';
import { temporaryPassword } from '../../lib/tokens.ts';
import { StaffAuthService } from './staff-auth.service.ts';
import { STAFF_ROLES, isStaffRole } from './staff-roles.ts';

const { values } = parseArgs({ options: { email: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' } } });
const problems: string[] = [];
if (!values.email || !isEmail(values.email)) problems.push('--email must be an email address');
if (!isStaffRole(values.role)) problems.push(`--role must be one of: ${STAFF_ROLES.map((r) => r.value).join(', ')}`);
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(2);
}

const config = loadConfig();
const { db, engine, close } = openDatabase(config.databaseUrl);
await migrateToLatest(db, engine);
const app = await buildApp({ config, db, engine });
const existing = await db.selectFrom('staff_users').select('id').where('email', '=', values.email!.toLowerCase()).executeTakeFirst();
if (existing) {
  console.error(`There is already a member of staff with the email ${values.email}.`);
  process.exitCode = 1;
} else {
  const password = temporaryPassword();
  await new StaffAuthService(app.deps).createStaff({ email: values.email!, name: values.name ?? values.email!.split('@')[0], role: values.role as never, password });
  console.log(`Created ${values.role} ${values.email}. Password: ${password}\nSign in at ${config.publicUrl}/staff/sign-in and set up two-step sign-in with an authenticator app.`);
}
await app.close();
await close();
