// `busanctl {plans,strategies,initiatives,projects} history NAME`: the
// revisions of one catalog resource, newest first, each with what changed
// field by field since the one before it.
#ifndef BUSAN_BUSANCTL_HISTORY_COMMAND_H_
#define BUSAN_BUSANCTL_HISTORY_COMMAND_H_

#include <ostream>
#include <vector>

#include "busan/catalog/v1/catalog.pb.h"
#include "busanctl/command.h"

namespace busan::ctl {

// Prints `revisions` (newest first) for people. `older`, when not null, is
// the revision just before the last one, to diff that one against.
void PrintHistory(const std::vector<catalog::v1::Revision>& revisions,
                  const catalog::v1::Revision* older, std::ostream& out);

// Adds the history command of each catalog resource.
void AddHistoryCommands(std::vector<CommandSpec>* table);

}  // namespace busan::ctl

#endif  // BUSAN_BUSANCTL_HISTORY_COMMAND_H_
