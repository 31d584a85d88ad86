package org.keyfleet.app.cli;

/** How a listing is printed. */
enum OutputFormat {
    table, csv, json
}
