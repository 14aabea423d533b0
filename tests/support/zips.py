"""Zip archives as hostile or odd senders make them: forged member sizes, ODK Central exports."""
from __future__ import annotations

import struct
import zipfile
from pathlib import Path


def forge_uncompressed_size(path: Path, member: str, size: int) -> None:
    """Overwrite a member's declared uncompressed size in its local header and central directory."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(member)
    struct.pack_into("<I", data, info.header_offset + 22, size)
    encoded = member.encode()
    at = data.find(b"PK\x01\x02")
    while at != -1:
        name_len = struct.unpack_from("<H", data, at + 28)[0]
        if bytes(data[at + 46: at + 46 + name_len]) == encoded:
            struct.pack_into("<I", data, at + 24, size)
        at = data.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(data))


def central_zip(path: Path, *, repeat: bool = True) -> Path:
    main = ("SubmissionDate,intro-respondent,q1-q1_overall,q1-q1_timely,q1-q1_channels,q2-q2_meetings_count,"
            "meta-instanceID,KEY,SubmitterID,SubmitterName,AttachmentsPresent,AttachmentsExpected,Status,"
            "ReviewState,DeviceID,Edits,FormVersion\r\n"
            "2015-12-01T09:21:00.000Z,Ghana,4,5,formal_meetings field_visits,,uuid:1,uuid:1,7,kobo,0,0,,"
            ",collect:x,0,1\r\n"
            "2015-12-01T09:25:00.000Z,Nepal,3,dk,,,uuid:2,uuid:2,7,kobo,0,0,,,collect:y,0,1\r\n")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("wgpko.csv", main)
        if repeat:
            archive.writestr("wgpko-members.csv", "members-name,PARENT_KEY,KEY\r\nAda,uuid:1,uuid:1/members[1]\r\n")
        archive.writestr("media/", "")
    return path
