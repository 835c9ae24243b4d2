// File-system type of a path by statfs(2), against the magic numbers of network file systems.
#include "archive/io/filesystem.h"

#include <sys/vfs.h>

#include <array>
#include <cstdint>

namespace archive::io {

namespace {

struct Magic {
  std::uint32_t value;
  const char* name;
};

// From linux/magic.h and statfs(2); only those where WAL's shared memory cannot be trusted.
constexpr std::array<Magic, 12> kNetwork = {{
    {0x6969U, "NFS"},
    {0x517BU, "SMB"},
    {0xFF534D42U, "CIFS"},
    {0xFE534D42U, "SMB2"},
    {0x65735546U, "FUSE"},
    {0x5346414FU, "AFS"},
    {0x73757245U, "Coda"},
    {0x01021997U, "9P"},
    {0x00C36400U, "Ceph"},
    {0x0BD00BD0U, "Lustre"},
    {0x01161970U, "GFS2"},
    {0x7461636FU, "OCFS2"},
}};

}  // namespace

std::optional<std::string> network_fs_name(long f_type) {
  // f_type is a signed long; the magic numbers are 32-bit patterns (CIFS has the top bit set).
  const auto bits = static_cast<std::uint32_t>(static_cast<unsigned long>(f_type) & 0xFFFFFFFFUL);
  for (const auto& m : kNetwork) {
    if (m.value == bits) return std::string(m.name);
  }
  return std::nullopt;
}

std::optional<std::string> network_fs_of(const std::filesystem::path& path) {
  struct statfs info {};
  if (statfs(path.c_str(), &info) != 0) return std::nullopt;
  return network_fs_name(static_cast<long>(info.f_type));
}

}  // namespace archive::io
