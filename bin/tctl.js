#!/usr/bin/env node
import '../dist/tctl.js';
