// The editor's declarations, compiled in a process of its own (see bun-job.ts), printed as JSON.
import {editorTypes} from './editor-types';

process.stdout.write(JSON.stringify(editorTypes(process.cwd())));
