#!/usr/bin/env bash
# Runs Debian's tshark with tools/wireshark/dot4.lua over the project's capture fixtures (testdata/usbmon,
# testdata/tcp) and over hand-made edge cases (edge-cases.sh), and checks the decoded fields.
# One tshark run per capture dumps every field the checks need; the checks then read that table.
# Needs tshark (Debian package tshark, Lua 5.2 plugins). Takes a few seconds.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
command -v tshark >/dev/null || { echo "tools/wireshark/test.sh: needs tshark (Debian: apt-get install tshark)" >&2; exit 1; }
lua=tools/wireshark/dot4.lua
port=12844   # the port testdata/tcp/dot4-tcp.pcapng was captured on (testdata/tcp/README.md)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
start=$(date +%s%N)
fails=0 checks=0

# The dump: one line per frame, tab-separated, several packets of one frame joined by commas.
COLUMNS_=(frame.number tcp.stream _ws.col.Protocol _ws.col.Info dot4.cmd dot4.result dot4.revision
  dot4.socket_id dot4.service_name dot4.data_length dot4.channel_service dot4.credit_granted
  dot4.credit_requested dot4.dialect dot4.direction usb.endpoint_address.direction _ws.expert.message
  _ws.expert.severity dot4.max_p2s dot4.request_in dot4.chan_psid usb.transfer_type usb.data_len)
col() { local i; for i in "${!COLUMNS_[@]}"; do [ "${COLUMNS_[$i]}" = "$1" ] && { echo $((i + 1)); return; }; done; echo "no column $1" >&2; exit 2; }
# dump NAME FILE [TSHARK OPTIONS...]: writes $work/NAME.tsv, and tshark's stderr to $work/NAME.err.
dump() {
  local name=$1 file=$2 e=() c
  shift 2
  for c in "${COLUMNS_[@]}"; do e+=(-e "$c"); done
  tshark -n -X "lua_script:$lua" "$@" -r "$file" -T fields -E occurrence=a "${e[@]}" >"$work/$name.tsv" \
    2>"$work/$name.err" || echo "tshark exit status $?" >>"$work/$name.err"
}
# values NAME FIELD [AWK-CONDITION]: every value of FIELD (one per packet) in frames matching the condition.
values() {
  awk -F'\t' -v c="$(col "$2")" "${3:-1} { n = split(\$c, a, \",\"); for (i = 1; i <= n; i++) if (a[i] != \"\") print a[i] }" \
    "$work/$1.tsv" | paste -sd' '
}
# count NAME FIELD VALUE: how many packets carry FIELD == VALUE.
count() { values "$1" "$2" | tr ' ' '\n' | grep -cxF -- "$3" || true; }
# frames NAME AWK-CONDITION: how many frames match.
frames() { awk -F'\t' "$2 { n++ } END { print n + 0 }" "$work/$1.tsv"; }
# f FIELD: the awk expression for that column, for conditions.
f() { echo "\$$(col "$1")"; }
expect() {
  checks=$((checks + 1))
  if [ "$2" != "$3" ]; then echo "FAIL $1: expected '$2', got '$3'"; fails=$((fails + 1)); fi
}
# Checks that hold for every capture: no Lua error, and the same decode in tshark's one and two passes
# (the dissector keeps its state per frame, so a second pass over visited frames must not change anything).
common() {
  expect "$1: Lua errors" 0 "$(grep -c 'Lua Error' "$work/$1.tsv" || true)"
  expect "$1: two passes decode as one" "" "$(diff "$work/$1.tsv" "$work/$1-2pass.tsv" | head -5)"
}
# warnings NAME: expert infos of severity Warning (0x00600000) or Error in the capture's 1284.4 frames.
warnings() { values "$1" _ws.expert.severity "$(f _ws.col.Protocol) == \"DOT4\"" | tr ' ' '\n' | awk '$1 >= 6291456' | wc -l; }
I=$(col _ws.col.Info)

# --- Decode every capture first, two tshark runs at a time (CI machines have two cores) ----------------------
u=testdata/usbmon/dot4-gadget.pcapng
t=testdata/tcp/dot4-tcp.pcapng
tools/wireshark/edge-cases.sh "$work"
run() { while [ "$(jobs -rp | wc -l)" -ge 2 ]; do wait -n || true; done; dump "$@" & }
run usb "$u"
run usb-2pass "$u" -2
run usb-class "$u" -o dot4.usb_printer_class:TRUE
run tcp "$t" -o "dot4.tcp_port:$port"
run tcp-2pass "$t" -2 -o "dot4.tcp_port:$port"
run tcp-decode-as "$t" -d "tcp.port==$port,dot4"
run tcp-off "$t"
run edge-usb "$work/usb-edge.pcap"
run edge-usb-2pass "$work/usb-edge.pcap" -2
run edge-tcp "$work/tcp-edge.pcap" -o dot4.tcp_port:9999
run edge-tcp-2pass "$work/tcp-edge.pcap" -2 -o dot4.tcp_port:9999
wait
for err in "$work"/*.err; do
  if grep -v 'Running as user' "$err" | grep -q .; then
    echo "FAIL $(basename "$err" .err): tshark wrote to stderr:"; cat "$err"; fails=$((fails + 1))
  fi
done

# --- USB: the usbmon fixture (dot4 probe, send PRINT, cat ECHO through libusb to dot4 sim's gadget) ----------
common usb
expect "usb: every bulk transfer with data is 1284.4, nothing else is" \
  "$(frames usb "$(f usb.transfer_type) == 3 && $(f usb.data_len) > 0")" "$(frames usb "$(f _ws.col.Protocol) == \"DOT4\"")"
expect "usb: Init" 3 "$(count usb dot4.cmd 0x00)"
expect "usb: Init reply" 3 "$(count usb dot4.cmd 0x80)"
expect "usb: revisions" "0x20 0x20 0x20 0x20 0x20 0x20" "$(values usb dot4.revision)"
expect "usb: GetSocketID" 16 "$(count usb dot4.cmd 0x09)"
expect "usb: GetServiceName" 31 "$(count usb dot4.cmd 0x0a)"
expect "usb: PRINT is socket 2" "2 2" "$(values usb dot4.socket_id "$(f dot4.cmd) == \"0x89\" && $(f dot4.service_name) == \"PRINT\"")"
expect "usb: services found" "PRINT HP-SCAN ECHO HP-STATUS EPSON-CTRL" \
  "$(values usb dot4.service_name "$(f dot4.cmd) == \"0x89\" && $(f dot4.result) == \"0x00\" && $(f frame.number) < 250")"
expect "usb: OpenChannel" "2 6" "$(values usb dot4.chan_psid "$(f dot4.cmd) == \"0x01\"")"
expect "usb: OpenChannel replies" 2 "$(frames usb "\$$I ~ /^OpenChannel [26]\/[26] reply SUCCESS/")"
expect "usb: CloseChannel, Exit" "2 3" "$(count usb dot4.cmd 0x02) $(count usb dot4.cmd 0x08)"
expect "usb: data lengths" "2304 12 12" "$(values usb dot4.data_length)"
expect "usb: data services" "PRINT ECHO ECHO" "$(values usb dot4.channel_service)"
expect "usb: data info" 1 "$(frames usb "\$$I == \"2/2 data 2304 B [PRINT]\"")"
expect "usb: replies name their request" 59 "$(values usb dot4.request_in | wc -w)"
expect "usb: direction follows the endpoint" 0 \
  "$(frames usb "($(f dot4.direction) ~ /^host/) != ($(f usb.endpoint_address.direction) == \"0\") && $(f dot4.direction) != \"\"")"
expect "usb: no warnings or errors" 0 "$(warnings usb)"
expect "usb: claiming class 0x07 outright decodes the same" "" "$(diff "$work/usb.tsv" "$work/usb-class.tsv" | head -5)"

# --- TCP: the loopback fixture (probe, send PRINT, Epson status, MLC send, cat ECHO to dot4 sim) --------------
common tcp
expect "tcp: Init revision per conversation" "0x20 0x20 0x20 0x20 0x10 0x10 0x03 0x03 0x20 0x20" "$(values tcp dot4.revision)"
expect "tcp: Epson entry and reply" "1 1" "$(count tcp dot4.cmd 0x45) $(count tcp dot4.cmd 0xc5)"
expect "tcp: Epson dialect after the entry" "Epson draft (0x10)" \
  "$(values tcp dot4.dialect "$(f dot4.cmd) == \"0x01\" && $(f tcp.stream) == 2")"
expect "tcp: Epson OpenChannel (17 bytes) asks 512" "512" "$(values tcp dot4.max_p2s "$(f dot4.cmd) == \"0x01\" && $(f tcp.stream) == 2")"
expect "tcp: Epson CreditRequest" "128 128" "$(values tcp dot4.credit_requested "$(f dot4.cmd) == \"0x04\"") $(values tcp dot4.credit_granted "$(f dot4.cmd) == \"0x84\"")"
expect "tcp: MLC ConfigSocket and reply" "1 1" "$(count tcp dot4.cmd 0x07) $(count tcp dot4.cmd 0x87)"
expect "tcp: MLC dialect" "HP MLC (0x03)" "$(values tcp dot4.dialect "$(f dot4.cmd) == \"0x07\"")"
expect "tcp: MLC OpenChannel reply credit" "4" "$(values tcp dot4.credit_granted "$(f dot4.cmd) == \"0x81\" && $(f tcp.stream) == 3")"
expect "tcp: MLC Credit and data in one segment" 1 "$(frames tcp "\$$I == \"Credit 2/2 +4, 2/2 data 2211 B\"")"
expect "tcp: two data packets in one segment" 1 "$(frames tcp "\$$I == \"2/2 data 16378 B [PRINT], 2/2 data 3622 B [PRINT]\"")"
expect "tcp: data lengths" "16378 3622 5 33 2211 10 10" "$(values tcp dot4.data_length)"
expect "tcp: PRINT is socket 2" "2 2" "$(values tcp dot4.socket_id "$(f dot4.cmd) == \"0x89\" && $(f dot4.service_name) == \"PRINT\"")"
expect "tcp: the client is the host" 0 "$(frames tcp "$(f dot4.cmd) ~ /^0x0[019]$/ && $(f dot4.direction) != \"host to peripheral\"")"
expect "tcp: no warnings or errors" 0 "$(warnings tcp)"
expect "tcp: Decode As decodes the same" "" "$(diff "$work/tcp.tsv" "$work/tcp-decode-as.tsv" | head -5)"
expect "tcp: nothing claimed without port or Decode As" 0 "$(frames tcp-off "$(f _ws.col.Protocol) == \"DOT4\"")"

# --- Edge cases: joined and split packets, junk, malformed and unknown transactions, MLC ---------------------
common edge-usb
e() { awk -F'\t' -v n="$2" -v c="$(col "$3")" '$1 == n { print $c }' "$work/$1.tsv"; }
expect "edge: two packets in one transfer" "0x00,0x09" "$(e edge-usb 1 dot4.cmd)"
expect "edge: InitReply split over two transfers" "0x80" "$(e edge-usb 3 dot4.cmd)"
expect "edge: the next packet completed in a third" "0x89 2 PRINT" "$(e edge-usb 4 dot4.cmd) $(e edge-usb 4 dot4.socket_id) $(e edge-usb 4 dot4.service_name)"
expect "edge: header-only transfer" "start of a packet (6 B)" "$(e edge-usb 5 _ws.col.Info)"
expect "edge: continuation" "continuation (506 of 1000 bytes)" "$(e edge-usb 6 _ws.col.Info)"
expect "edge: data across three transfers" "994 PRINT" "$(e edge-usb 7 dot4.data_length) $(e edge-usb 7 dot4.channel_service)"
expect "edge: NUL run skipped" "junk 8 B, Exit" "$(e edge-usb 8 _ws.col.Info)"
expect "edge: short OpenChannel" "OpenChannel needs LENGTH 15, has 10" "$(e edge-usb 9 _ws.expert.message)"
expect "edge: unknown opcode" "unknown transaction 0x33 (Error 0x87)" "$(e edge-usb 10 _ws.expert.message)"
expect "edge: unknown result" "CloseChannel reply with unknown result 0x42" "$(e edge-usb 11 _ws.expert.message)"
expect "edge: Error packet" "Error NO_CREDIT" "$(e edge-usb 12 _ws.expert.message)"
expect "edge: MLC-only in 1284.4" "ConfigSocket is MLC-only, not 1284.4 (Error 0x87)" "$(e edge-usb 13 _ws.expert.message)"
expect "edge: rev 0x10 CreditRequest" "CreditRequest 2/2 requested 128" "$(e edge-usb 15 _ws.col.Info)"
expect "edge: MLC OpenChannel reply" "OpenChannel reply SUCCESS credit 4" "$(e edge-usb 19 _ws.col.Info)"
expect "edge: MLC Error" "Error 0x01" "$(e edge-usb 20 _ws.col.Info)"
expect "edge: MLC Debit" "Debit: layout not documented (reference §6.1)" "$(e edge-usb 21 _ws.expert.message)"
common edge-tcp
expect "edge: packet split over TCP segments" "0x01,0x03" "$(e edge-tcp 4 dot4.cmd)"
expect "edge: LENGTH below 6 over TCP" "LENGTH 3 is below the 6-byte header" "$(e edge-tcp 5 _ws.expert.message)"

ms=$((($(date +%s%N) - start) / 1000000))
if [ "$fails" -gt 0 ]; then
  echo "wireshark dissector: $fails of $checks checks failed ($ms ms)"
  exit 1
fi
echo "wireshark dissector: all $checks checks passed ($ms ms)"
