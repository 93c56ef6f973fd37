// busan-restore: puts a service's backup in place, offline, for the
// service to be started on. It opens no service and calls none, so it is
// what a restore Job runs beside a stopped service (the service images ship
// it; deploy/k8s/components/restore).
//
//   busan-restore BACKUP_DIR DATA_DIR [BACKUP_ID]
//
// Writes backup BACKUP_ID of BACKUP_DIR (the newest when omitted) into
// DATA_DIR, which must be absent or empty: a live store is never
// overwritten. Exit 0 when restored, 1 when the restore failed (the reason
// on stderr), 2 on misuse.
#include <cstdint>
#include <iostream>
#include <string>

#include "absl/strings/numbers.h"
#include "common/store/backups.h"

namespace {

constexpr char kUsage[] =
    "usage: busan-restore BACKUP_DIR DATA_DIR [BACKUP_ID]\n";

int Misuse(const std::string& why) {
  std::cerr << "busan-restore: " << why << "\n" << kUsage;
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 2 &&
      (std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h")) {
    std::cout << kUsage;
    return 0;
  }
  if (argc < 3 || argc > 4) return Misuse("expected 2 or 3 arguments");
  const std::string backup_dir = argv[1];
  const std::string data_dir = argv[2];
  if (backup_dir.empty() || data_dir.empty()) {
    return Misuse("BACKUP_DIR and DATA_DIR must not be empty");
  }
  uint32_t backup_id = 0;  // 0: the newest
  if (argc == 4 && (!absl::SimpleAtoi(argv[3], &backup_id) || backup_id == 0)) {
    return Misuse(std::string("BACKUP_ID: expected a backup number such as 3, "
                              "got \"") +
                  argv[3] + "\"");
  }
  const absl::Status restored =
      busan::store::RestoreBackup(backup_dir, backup_id, data_dir);
  if (!restored.ok()) {
    std::cerr << "busan-restore: " << restored << "\n";
    return 1;
  }
  std::cout << "restored "
            << (backup_id == 0 ? std::string("the newest backup")
                               : "backup " + std::to_string(backup_id))
            << " of " << backup_dir << " into " << data_dir
            << "; start the service with --data_dir=" << data_dir << "\n";
  return 0;
}
