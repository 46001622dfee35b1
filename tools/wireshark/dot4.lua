-- dot4.lua: a Wireshark dissector for IEEE 1284.4 ("DOT4", Epson "CBT") and HP MLC, over USB bulk
-- transfers and over a TCP port. Part of dot4j; see tools/wireshark/README.md.
--
-- Byte layouts follow dot4j's codec (dot4j-wire: TransactionCodec, MlcCodec, WireFormat), which follows
-- the reference (ieee1284_4.md §1 header, §3 transactions of revisions 0x20 and 0x10, §6 MLC). Like the
-- codec, 1284.4 transactions are decoded by LENGTH, so both the 0x20 and the Epson 0x10 layouts decode
-- whichever revision was negotiated; MLC (revision 3) is a command set of its own, chosen per
-- conversation from the revision of the last Init seen.
--
-- Load: tshark -X lua_script:tools/wireshark/dot4.lua ...   (or copy it to the personal Lua plugins folder)

local dot4 = Proto("dot4", "IEEE 1284.4 (DOT4) / HP MLC")

---------------------------------------------------------------------------------------------------
-- Preferences
---------------------------------------------------------------------------------------------------
dot4.prefs.tcp_port = Pref.uint("TCP port", 0, "Decode this TCP port as 1284.4 (0 = off; Decode As works too)")
dot4.prefs.usb_printer_class = Pref.bool("Claim all USB printer-class bulk data", false,
    "Register for interface class 0x07 in usb.bulk (replaces IPP over USB) instead of only recognising "
    .. "1284.4 conversations by their transactions; for captures that start in the middle of a session")
dot4.prefs.mlc_by_default = Pref.bool("Assume HP MLC before an Init is seen", false,
    "Decode transactions as MLC when the capture holds no Init for the conversation")

---------------------------------------------------------------------------------------------------
-- Value tables (reference §3.1, §3.5, §3.6; dot4j Opcode, ResultCode, ErrorCode, Revision)
---------------------------------------------------------------------------------------------------
local OPCODES = {
    [0x00] = "Init", [0x01] = "OpenChannel", [0x02] = "CloseChannel", [0x03] = "Credit",
    [0x04] = "CreditRequest", [0x05] = "Debit", [0x06] = "DebitRequest", [0x07] = "ConfigSocket",
    [0x08] = "Exit", [0x09] = "GetSocketID", [0x0A] = "GetServiceName", [0x45] = "EpsonPacking",
    [0x7F] = "Error",
}
local CMD_NAMES = {}   -- command and reply bytes, for dot4.cmd
for op, name in pairs(OPCODES) do
    CMD_NAMES[op] = name
    if op ~= 0x7F then CMD_NAMES[op + 0x80] = name .. " reply" end   -- Error has no reply
end
local RESULTS = {
    [0x00] = "SUCCESS", [0x01] = "UNABLE_TO_BEGIN", [0x02] = "REVISION_NOT_SUPPORTED",
    [0x03] = "CANNOT_CLOSE_TRANSACTION_CHANNEL", [0x04] = "INSUFFICIENT_RESOURCES",
    [0x05] = "CONNECTION_DENIED", [0x06] = "CHANNEL_ALREADY_OPEN", [0x07] = "CREDIT_OVERFLOW",
    [0x08] = "CHANNEL_NOT_OPEN", [0x09] = "SERVICE_NOT_AVAILABLE", [0x0A] = "SERVICE_NAME_NOT_FOUND",
    [0x0B] = "INIT_FAILED", [0x0C] = "INVALID_PACKET_SIZE", [0x0D] = "ZERO_PACKET_SIZES",
}
local ERRORS = {
    [0x80] = "MALFORMED_PACKET", [0x81] = "NO_CREDIT", [0x82] = "UNMATCHED_REPLY",
    [0x83] = "PACKET_TOO_LARGE", [0x84] = "CHANNEL_NOT_OPEN", [0x85] = "UNKNOWN_RESULT",
    [0x86] = "CREDIT_OVERFLOW", [0x87] = "UNKNOWN_TRANSACTION",
}
local IEEE, EPSON, MLC = 0x20, 0x10, 0x03
local REVISIONS = { [IEEE] = "IEEE 1284.4", [EPSON] = "Epson draft", [MLC] = "HP MLC" }

---------------------------------------------------------------------------------------------------
-- Fields and expert infos
---------------------------------------------------------------------------------------------------
local F = {
    psid = ProtoField.uint8("dot4.psid", "PSID (primary/host socket)", base.DEC),
    ssid = ProtoField.uint8("dot4.ssid", "SSID (secondary/peripheral socket)", base.DEC),
    length = ProtoField.uint16("dot4.length", "Length (incl. header)", base.DEC),
    credit = ProtoField.uint8("dot4.credit", "Credit (piggy-backed)", base.DEC),
    control = ProtoField.uint8("dot4.control", "Control", base.HEX),
    eod = ProtoField.bool("dot4.control.end_of_data", "End of data (Epson, 0x01)", 8, nil, 0x01),
    eom = ProtoField.bool("dot4.control.end_of_message", "End of message (alternative, 0x02)", 8, nil, 0x02),
    channel = ProtoField.string("dot4.channel", "Channel (PSID/SSID)"),
    direction = ProtoField.string("dot4.direction", "Direction"),
    dialect = ProtoField.string("dot4.dialect", "Dialect"),
    cmd = ProtoField.uint8("dot4.cmd", "Command", base.HEX, CMD_NAMES),
    result = ProtoField.uint8("dot4.result", "Result", base.HEX, RESULTS),
    revision = ProtoField.uint8("dot4.revision", "Revision", base.HEX, REVISIONS),
    chan_psid = ProtoField.uint8("dot4.chan_psid", "Channel primary (host) socket", base.DEC),
    chan_ssid = ProtoField.uint8("dot4.chan_ssid", "Channel secondary (peripheral) socket", base.DEC),
    socket_id = ProtoField.uint8("dot4.socket_id", "Socket id", base.DEC),
    service_name = ProtoField.string("dot4.service_name", "Service name"),
    max_p2s = ProtoField.uint16("dot4.max_p2s", "Max packet size primary to secondary", base.DEC),
    max_s2p = ProtoField.uint16("dot4.max_s2p", "Max packet size secondary to primary", base.DEC),
    max_credit = ProtoField.uint16("dot4.max_outstanding_credit", "Maximum outstanding credit", base.DEC),
    credit_requested = ProtoField.uint16("dot4.credit_requested", "Credit requested", base.DEC),
    credit_granted = ProtoField.uint16("dot4.credit_granted", "Credit granted", base.DEC),
    closing_mode = ProtoField.uint8("dot4.closing_mode", "Closing mode", base.DEC, { [0] = "normal", [1] = "flush" }),
    status_level = ProtoField.uint8("dot4.status_level", "Status level (MLC)", base.DEC),
    error_code = ProtoField.uint8("dot4.error_code", "Error code", base.HEX, ERRORS),
    epson_tail = ProtoField.string("dot4.epson_tail", "Epson entry tail"),
    body = ProtoField.bytes("dot4.body", "Undecoded transaction body"),
    data = ProtoField.bytes("dot4.data", "Data"),
    data_length = ProtoField.uint16("dot4.data_length", "Data length", base.DEC),
    service = ProtoField.string("dot4.channel_service", "Service of this channel (from GetSocketID)"),
    request_in = ProtoField.framenum("dot4.request_in", "Request in frame", base.NONE, frametype.REQUEST),
    junk = ProtoField.bytes("dot4.junk", "Bytes that cannot start a packet (skipped)"),
    pending = ProtoField.uint32("dot4.pending", "Bytes of an unfinished packet (continued in a later transfer)"),
}
dot4.fields = F

local E = {
    bad_length = ProtoExpert.new("dot4.expert.bad_length", "LENGTH below 6: cannot frame a packet",
        expert.group.MALFORMED, expert.severity.ERROR),
    short = ProtoExpert.new("dot4.expert.short", "Transaction shorter than its layout",
        expert.group.MALFORMED, expert.severity.ERROR),
    unknown_cmd = ProtoExpert.new("dot4.expert.unknown_cmd", "Unknown or unsupported transaction (peer answers Error 0x87)",
        expert.group.PROTOCOL, expert.severity.WARN),
    unknown_result = ProtoExpert.new("dot4.expert.unknown_result", "Reply with an unknown result (Error 0x85)",
        expert.group.PROTOCOL, expert.severity.WARN),
    refused = ProtoExpert.new("dot4.expert.refused", "Reply with a non-zero result",
        expert.group.RESPONSE_CODE, expert.severity.NOTE),
    error_packet = ProtoExpert.new("dot4.expert.error_packet", "Error packet",
        expert.group.RESPONSE_CODE, expert.severity.WARN),
    socket_mismatch = ProtoExpert.new("dot4.expert.socket_mismatch", "Data packet with PSID != SSID",
        expert.group.PROTOCOL, expert.severity.NOTE),
    unknown_layout = ProtoExpert.new("dot4.expert.unknown_layout", "Transaction whose layout no source documents",
        expert.group.UNDECODED, expert.severity.NOTE),
    entry = ProtoExpert.new("dot4.expert.epson_entry", "Epson entry packet (enter 1284.4 packet mode)",
        expert.group.SEQUENCE, expert.severity.CHAT),
    junk = ProtoExpert.new("dot4.expert.junk", "Bytes skipped while looking for a packet header",
        expert.group.MALFORMED, expert.severity.WARN),
    pending = ProtoExpert.new("dot4.expert.pending", "Packet continues in a later transfer",
        expert.group.REASSEMBLE, expert.severity.CHAT),
}
dot4.experts = E

-- The interface class, when the capture holds the descriptors. Field values are only there when
-- tshark builds a tree (not in the first of two passes), so keys come from pinfo's addresses instead.
local f_usb_class = Field.new("usb.bInterfaceClass")

---------------------------------------------------------------------------------------------------
-- Transaction layouts. Each entry: minimum LENGTH and {field, offset, size} (size -1 = to the end);
-- `long` is the longer form chosen when LENGTH allows it (rev 0x10 vs 0x20). Replies start with
-- their result at offset 7; a refused reply may stop after it (TransactionCodec zero-extends).
---------------------------------------------------------------------------------------------------
local PS, SS = { "chan_psid", 7, 1 }, { "chan_ssid", 8, 1 }
local RESULT, RPS, RSS = { "result", 7, 1 }, { "chan_psid", 8, 1 }, { "chan_ssid", 9, 1 }

local D4 = {   -- IEEE 1284.4, revisions 0x20 (§3.3) and 0x10 (§3.4)
    [0x00] = { min = 8, { "revision", 7, 1 } },
    [0x01] = { min = 15, PS, SS, { "max_p2s", 9, 2 }, { "max_s2p", 11, 2 }, { "max_credit", 13, 2 },
        long = { min = 17, PS, SS, { "max_p2s", 9, 2 }, { "max_s2p", 11, 2 },
            { "credit_requested", 13, 2 }, { "max_credit", 15, 2 } } },
    [0x02] = { min = 9, PS, SS, long = { min = 10, PS, SS, { "closing_mode", 9, 1 } } },
    [0x03] = { min = 11, PS, SS, { "credit_granted", 9, 2 } },
    [0x04] = { min = 11, PS, SS, { "max_credit", 9, 2 },
        long = { min = 13, PS, SS, { "credit_requested", 9, 2 }, { "max_credit", 11, 2 } } },
    [0x08] = { min = 7 },
    [0x09] = { min = 8, { "service_name", 7, -1 } },
    [0x0A] = { min = 8, { "socket_id", 7, 1 } },
    [0x45] = { min = 7, { "epson_tail", 7, -1 } },
    [0x7F] = { min = 10, PS, SS, { "error_code", 9, 1 } },
    [0x80] = { min = 9, RESULT, { "revision", 8, 1 } },
    [0x81] = { min = 16, RESULT, RPS, RSS, { "max_p2s", 10, 2 }, { "max_s2p", 12, 2 }, { "credit_granted", 14, 2 },
        long = { min = 18, RESULT, RPS, RSS, { "max_p2s", 10, 2 }, { "max_s2p", 12, 2 },
            { "max_credit", 14, 2 }, { "credit_granted", 16, 2 } } },
    [0x82] = { min = 10, RESULT, RPS, RSS },
    [0x83] = { min = 10, RESULT, RPS, RSS },
    [0x84] = { min = 12, RESULT, RPS, RSS, { "credit_granted", 10, 2 } },
    [0x88] = { min = 8, RESULT },
    [0x89] = { min = 9, RESULT, { "socket_id", 8, 1 }, { "service_name", 9, -1 } },
    [0x8A] = { min = 9, RESULT, { "socket_id", 8, 1 }, { "service_name", 9, -1 } },
    [0xC5] = { min = 8, RESULT },
}

local ML = {   -- HP MLC revision 3 (§6.1, MlcCodec): replies name no sockets, Error has one byte
    [0x00] = D4[0x00],
    [0x07] = { min = 13, { "socket_id", 7, 1 }, { "max_p2s", 8, 2 }, { "max_s2p", 10, 2 }, { "status_level", 12, 1 } },
    [0x01] = { min = 11, PS, SS, { "credit_granted", 9, 2 } },
    [0x02] = { min = 9, PS, SS },
    [0x03] = { min = 11, PS, SS, { "credit_granted", 9, 2 } },
    [0x04] = { min = 11, PS, SS, { "credit_requested", 9, 2 } },
    [0x05] = { unknown = true }, [0x06] = { unknown = true },
    [0x08] = D4[0x08],
    [0x7F] = { min = 8, { "error_code", 7, 1 } },
    [0x80] = D4[0x80],
    [0x87] = { min = 13, RESULT, { "max_p2s", 8, 2 }, { "max_s2p", 10, 2 }, { "status_level", 12, 1 } },
    [0x81] = { min = 10, RESULT, { "credit_granted", 8, 2 } },
    [0x82] = { min = 8, RESULT },
    [0x83] = { min = 8, RESULT },
    [0x84] = { min = 10, RESULT, { "credit_granted", 8, 2 } },
    [0x85] = { unknown = true }, [0x86] = { unknown = true },
    [0x88] = D4[0x88],
}
local STRING_FIELDS = { service_name = true, epson_tail = true }

---------------------------------------------------------------------------------------------------
-- State. Built on the first pass (pinfo.visited false) and kept per frame, so a later re-dissection
-- of any frame shows what the first pass saw: conversations (dialect, service names, outstanding
-- requests), per-direction USB buffers, and a memo per decoded packet.
---------------------------------------------------------------------------------------------------
local convs, streams, frames, memos, claimed
local ippusb = DissectorTable.get("usb.bulk"):get_dissector(0x07)   -- restored when the preference is off
local registered_port

function dot4.init()
    convs, streams, frames, memos, claimed = {}, {}, {}, {}, {}
    local bulk = DissectorTable.get("usb.bulk")
    if dot4.prefs.usb_printer_class then bulk:add(0x07, dot4) elseif ippusb then bulk:add(0x07, ippusb) end
    local tcp = DissectorTable.get("tcp.port")
    if registered_port then tcp:remove(registered_port, dot4) end
    registered_port = dot4.prefs.tcp_port ~= 0 and dot4.prefs.tcp_port or nil
    if registered_port then tcp:add(registered_port, dot4) end
end

local function conversation(key)
    local c = convs[key]
    if not c then
        c = { dialect = dot4.prefs.mlc_by_default and MLC or nil, names = {}, pending = {} }
        convs[key] = c
    end
    return c
end

local function hex(v) return string.format("0x%02X", v) end

---------------------------------------------------------------------------------------------------
-- One packet: header, then a transaction (socket 0/0) or data. Returns a one-line summary.
---------------------------------------------------------------------------------------------------
local function decode_layout(lay, buf, off, plen, t, v)
    if lay.long and plen >= lay.long.min then lay = lay.long end
    for _, f in ipairs(lay) do
        local name, pos, size = f[1], f[2], f[3]
        if size < 0 then size = plen - pos end
        if size > 0 and pos + size <= plen then
            local r = buf(off + pos, size)
            t:add(F[name], r)
            v[name] = STRING_FIELDS[name] and r:string() or r:uint()
        end
    end
    return lay.min
end

local function transaction_summary(name, v, is_reply)
    local s = name
    if v.chan_psid and v.chan_ssid then s = s .. " " .. v.chan_psid .. "/" .. v.chan_ssid end
    if is_reply then s = s .. " reply " .. (v.result and (RESULTS[v.result] or hex(v.result)) or "?") end
    if v.revision then s = s .. " rev " .. hex(v.revision) end
    if v.service_name and v.socket_id then s = s .. " " .. v.service_name .. "=" .. v.socket_id
    elseif v.service_name then s = s .. " " .. v.service_name
    elseif v.socket_id then s = s .. " socket " .. v.socket_id end
    if v.max_p2s and v.max_s2p then s = s .. " size " .. v.max_p2s .. "/" .. v.max_s2p end
    if v.credit_granted then s = s .. (name == "Credit" and " +" or " credit ") .. v.credit_granted end
    if v.credit_requested then s = s .. " requested " .. v.credit_requested end
    if v.error_code then s = s .. " " .. (ERRORS[v.error_code] or hex(v.error_code)) end
    if v.epson_tail then s = s .. " (Epson entry)" end
    return s
end

-- Learns from a transaction (first pass only): dialect, service names, request/reply pairing.
local function learn(ctx, op, is_reply, v, memo)
    local c = ctx.conv
    local mine, theirs = (ctx.from_host and "h" or "p") .. op, (ctx.from_host and "p" or "h") .. op
    if not is_reply then
        if op == 0x00 and v.revision then c.dialect, c.names = v.revision, {} end
        if op == 0x45 then c.dialect = EPSON end
        c.pending[mine] = { frame = ctx.pinfo.number, name = v.service_name, socket = v.socket_id }
        return
    end
    local req = c.pending[theirs]
    c.pending[theirs] = nil
    memo.request = req and req.frame
    if v.result == 0 and (op == 0x09 or op == 0x0A) then
        local name = v.service_name or (req and req.name)
        local socket = v.socket_id or (req and req.socket)
        if name and socket then c.names[socket] = name; memo.name = name end
    end
end

local function dissect_transaction(buf, off, plen, pinfo, t, ctx, memo)
    if plen < 7 then
        t:add_proto_expert_info(E.short, "Transaction packet without a command byte (LENGTH " .. plen .. ")")
        return "malformed transaction (LENGTH " .. plen .. ")"
    end
    local cmd = buf(off + 6, 1):uint()
    local op, is_reply = cmd % 0x80, cmd >= 0x80
    local ci = t:add(F.cmd, buf(off + 6, 1))
    local dialect = memo.dialect
    local mlc = dialect == MLC and op ~= 0x45   -- the Epson entry packet is recognised in any state
    local lay = (mlc and ML or D4)[cmd]
    local name = OPCODES[op] or hex(cmd)
    if lay == nil then
        local what = OPCODES[op] and (name .. (mlc and " does not exist in HP MLC" or " is MLC-only, not 1284.4"))
            or ("unknown transaction " .. hex(cmd))
        ci:add_proto_expert_info(E.unknown_cmd, what .. " (Error 0x87)")
        if plen > 7 then t:add(F.body, buf(off + 7, plen - 7)) end
        if not OPCODES[op] then return "unknown " .. hex(cmd) end
        return (is_reply and name .. " reply" or name) .. (mlc and " [not in MLC]" or " [MLC only]")
    end
    if lay.unknown then
        ci:add_proto_expert_info(E.unknown_layout, name .. ": layout not documented (reference §6.1)")
        if plen > 7 then t:add(F.body, buf(off + 7, plen - 7)) end
        return is_reply and name .. " reply" or name
    end
    local v = {}
    local min = decode_layout(lay, buf, off, plen, t, v)
    local refused = is_reply and v.result ~= nil and v.result ~= 0
    if plen < min and not refused then
        t:add_proto_expert_info(E.short, string.format("%s%s needs LENGTH %d, has %d", name,
            is_reply and " reply" or "", min, plen))
    end
    if refused then
        if RESULTS[v.result] then
            t:add_proto_expert_info(E.refused, name .. " refused: " .. RESULTS[v.result])
        elseif not mlc then   -- MLC result values are undocumented (§13): not an error there
            t:add_proto_expert_info(E.unknown_result, string.format("%s reply with unknown result %s", name, hex(v.result)))
        end
    end
    if op == 0x7F then t:add_proto_expert_info(E.error_packet, "Error " .. (ERRORS[v.error_code or -1] or hex(v.error_code or 0))) end
    if op == 0x45 and not is_reply then t:add_proto_expert_info(E.entry) end
    if not pinfo.visited then learn(ctx, op, is_reply, v, memo) end
    if memo.request then t:add(F.request_in, memo.request):set_generated() end
    return transaction_summary(name, v, is_reply)
end

local function dissect_packet(buf, off, plen, pinfo, tree, ctx, key)
    local memo = memos[key]
    if not memo then   -- first pass: what the conversation knew when this packet arrived
        memo = { dialect = ctx.conv.dialect }
        memos[key] = memo
    end
    local item = tree:add(dot4, buf(off, plen >= 6 and plen or buf:len() - off))
    local psid, ssid = buf(off, 1):uint(), buf(off + 1, 1):uint()
    item:add(F.psid, buf(off, 1))
    item:add(F.ssid, buf(off + 1, 1))
    local li = item:add(F.length, buf(off + 2, 2))
    item:add(F.credit, buf(off + 4, 1))
    local ctl = item:add(F.control, buf(off + 5, 1))
    ctl:add(F.eod, buf(off + 5, 1))
    ctl:add(F.eom, buf(off + 5, 1))
    item:add(F.channel, psid .. "/" .. ssid):set_generated()
    item:add(F.direction, ctx.from_host and "host to peripheral" or "peripheral to host"):set_generated()
    local d = memo.dialect
    item:add(F.dialect, d and ((REVISIONS[d] or "unknown") .. " (" .. hex(d) .. ")") or "unknown (no Init seen)"):set_generated()
    local summary
    if plen < 6 then
        li:add_proto_expert_info(E.bad_length, "LENGTH " .. plen .. " is below the 6-byte header")
        if buf:len() - off > 6 then item:add(F.junk, buf(off + 6, buf:len() - off - 6)) end
        summary = "malformed (LENGTH " .. plen .. ")"
    elseif psid == 0 and ssid == 0 then
        summary = dissect_transaction(buf, off, plen, pinfo, item, ctx, memo)
    else
        local n = plen - 6
        item:add(F.data_length, n):set_generated()
        if n > 0 then item:add(F.data, buf(off + 6, n)) end
        if psid ~= ssid then item:add_proto_expert_info(E.socket_mismatch) end
        if not pinfo.visited then memo.name = ctx.conv.names[ssid] end
        if memo.name then item:add(F.service, memo.name):set_generated() end
        local credit = buf(off + 4, 1):uint()
        summary = psid .. "/" .. ssid .. " data " .. n .. " B" .. (memo.name and " [" .. memo.name .. "]" or "")
            .. (credit > 0 and " +" .. credit .. " credit" or "")
    end
    item:append_text(": " .. summary)
    return summary
end

local function set_columns(pinfo, summaries)
    if #summaries == 0 then return end
    pinfo.cols.protocol = "DOT4"
    pinfo.cols.info = table.concat(summaries, ", ")
end

---------------------------------------------------------------------------------------------------
-- USB: bulk payloads; packets are framed from a buffer per direction (endpoint), so several packets
-- in one transfer and one packet across several transfers both decode. A packet that ends in a later
-- transfer is shown there, its earlier bytes copied in (tab "1284.4 reassembled").
---------------------------------------------------------------------------------------------------
local function plausible_start(tvb)   -- a transaction packet: the only thing we recognise a link by
    if tvb:len() < 6 or tvb(0, 2):uint() ~= 0 then return false end
    local plen = tvb(2, 2):uint()
    if plen < 7 or plen > 64 then return false end   -- EC's bounds for transaction packets (§1.1)
    return tvb:len() == 6 or OPCODES[tvb(6, 1):uint() % 0x80] ~= nil   -- HPLIP writes a header alone
end

-- USB addresses are "host" and "BUS.DEVICE.ENDPOINT": a conversation per device, a stream per endpoint.
local function usb_keys(pinfo)
    local src, dst = tostring(pinfo.src), tostring(pinfo.dst)
    local from_host = src == "host"
    local dev = from_host and dst or src
    local conv = "usb:" .. (dev:match("^%d+%.%d+") or dev)
    return conv, conv .. ":" .. src .. ">" .. dst, from_host
end

local function dissect_usb(tvb, pinfo, tree)
    local convkey, dirkey, from_host = usb_keys(pinfo)
    local ctx = { conv = conversation(convkey), from_host = from_host, pinfo = pinfo }
    local fs = frames[pinfo.number]
    if not (pinfo.visited and fs) then
        local st = streams[dirkey] or { len = 0 }
        streams[dirkey] = st
        if st.need and st.len + tvb:len() < st.need then   -- still inside one packet: just collect
            st.buf:append(tvb:bytes())
            st.len = st.len + tvb:len()
            fs = { cont = st.len, need = st.need }
        else
            fs = { prefix = st.buf }
            streams[dirkey] = { len = 0 }
        end
        frames[pinfo.number] = fs
    end
    if fs.cont then
        tree:add(dot4, tvb()):append_text(string.format(": continuation, %d of %d bytes", fs.cont, fs.need))
        set_columns(pinfo, { string.format("continuation (%d of %d bytes)", fs.cont, fs.need) })
        return tvb:len()
    end
    local buf = fs.prefix and (fs.prefix .. tvb:bytes()):tvb("1284.4 reassembled") or tvb
    local off, n, junk_from, summaries = 0, buf:len(), nil, {}
    local function flush_junk()
        if junk_from then
            local r = buf(junk_from, off - junk_from)
            tree:add(dot4, r):append_text(": junk"):add(F.junk, r):add_proto_expert_info(E.junk,
                (off - junk_from) .. " bytes skipped (LENGTH below 6)")
            summaries[#summaries + 1] = "junk " .. (off - junk_from) .. " B"
            junk_from = nil
        end
    end
    while n - off >= 6 do
        local plen = buf(off + 2, 2):uint()
        if plen < 6 then   -- cannot frame: skip a byte and look again, as PacketFramer does
            junk_from = junk_from or off
            off = off + 1
        else
            flush_junk()
            if n - off < plen then break end
            summaries[#summaries + 1] = dissect_packet(buf, off, plen, pinfo, tree, ctx,
                pinfo.number .. ":" .. off)
            off = off + plen
        end
    end
    flush_junk()
    if off < n then   -- an unfinished packet: carried into this direction's next transfer
        local r = buf(off, n - off)
        tree:add(dot4, r):append_text(": start of a packet"):add(F.pending, r, n - off):add_proto_expert_info(E.pending)
        if not pinfo.visited then
            local st = streams[dirkey]
            st.buf, st.len = buf:bytes(off, n - off), n - off
            st.need = st.len >= 4 and buf(off + 2, 2):uint() or nil
        end
        if #summaries == 0 then summaries[1] = "start of a packet (" .. (n - off) .. " B)" end
    end
    set_columns(pinfo, summaries)
    return tvb:len()
end

-- Recognises a 1284.4 device by a transaction packet; from then on all its bulk data is ours.
local function usb_claim(tvb, pinfo)
    if pinfo.visited then return claimed[pinfo.number] ~= nil end
    local convkey = usb_keys(pinfo)
    local c = convs[convkey]
    if not (c and c.usb) then
        if not plausible_start(tvb) then return false end
        conversation(convkey).usb = true
    end
    claimed[pinfo.number] = true
    return true
end

local function usb_heuristic(tvb, pinfo, tree)
    local class = f_usb_class()
    -- printer class 0x07 (7/1/2 Epson, 7/1/3 HP), vendor 0xff (ff/ff/ff, ff/d4/00), or not known
    -- (0xffff: the capture holds no descriptors for the interface)
    local v = class and class.value
    if v and v ~= 0x07 and v ~= 0xFF and v ~= 0xFFFF then return false end
    if not usb_claim(tvb, pinfo) then return false end
    dissect_usb(tvb, pinfo, tree)
    return true
end
dot4:register_heuristic("usb.bulk", usb_heuristic)

---------------------------------------------------------------------------------------------------
-- TCP: dot4j's tcp:// links carry the packets as they are; framed by LENGTH (bytes 2-3).
---------------------------------------------------------------------------------------------------
local function tcp_pdu_length(tvb, pinfo, off)
    local plen = tvb(off + 2, 2):uint()
    if plen < 6 then return tvb:len() - off end   -- out of step: the rest of the segment is shown as malformed
    return plen
end

local function tcp_pdu(tvb, pinfo, tree)
    local server = dot4.prefs.tcp_port ~= 0 and dot4.prefs.tcp_port or pinfo.match_uint
    local from_host = pinfo.dst_port == server
    local host = tostring(from_host and pinfo.src or pinfo.dst) .. ":" .. (from_host and pinfo.src_port or pinfo.dst_port)
    local peer = tostring(from_host and pinfo.dst or pinfo.src) .. ":" .. server
    local ctx = { conv = conversation("tcp:" .. host .. ">" .. peer), pinfo = pinfo, from_host = from_host }
    local s = dissect_packet(tvb, 0, tvb(2, 2):uint(), pinfo, tree, ctx, pinfo.number .. ":" .. tvb:offset())
    if tostring(pinfo.cols.protocol) == "DOT4" then
        pinfo.cols.info:append(", " .. s)
    else
        set_columns(pinfo, { s })
    end
    return tvb:len()
end

function dot4.dissector(tvb, pinfo, tree)
    if pinfo.port_type ~= 2 then   -- not PT_TCP: usb.bulk, class 0x07, when the preference claims it all
        if not pinfo.visited then claimed[pinfo.number] = true end
        return dissect_usb(tvb, pinfo, tree)
    end
    dissect_tcp_pdus(tvb, tree, 6, tcp_pdu_length, tcp_pdu, true)
    return tvb:len()
end
DissectorTable.get("tcp.port"):add_for_decode_as(dot4)
