// Facts about the file system a database lives on, for `archive check`.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace archive::io {

// The name of a network or user-space file system type (statfs f_type): NFS, SMB/CIFS,
// FUSE (sshfs, …), AFS, Coda, 9P, Ceph, GlusterFS … — where SQLite's WAL mode is unsafe,
// because it needs shared memory that every process sees. Nothing for local file systems.
// The magic numbers are written out here from linux/magic.h and statfs(2), so no kernel
// header is needed.
std::optional<std::string> network_fs_name(long f_type);

// network_fs_name() of the file system that holds `path` (statfs); nothing when it is local
// or cannot be asked.
std::optional<std::string> network_fs_of(const std::filesystem::path& path);

}  // namespace archive::io
