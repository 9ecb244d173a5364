#!/usr/bin/env node
import '../dist/meshbridge.js';
