// One process for every test: the stack is synthesized once and shared (node --test would
// otherwise start a process, and synthesize again, per file).
import './storage';
import './api';
import './functions';
import './permissions';
import './database';
import './events';
import './synth';
import './cost';
