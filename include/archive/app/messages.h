// `follow-up messages`: texts for an SMS gateway rendered from a [templates] entry, one per
// recipient, as a table of mobile and message. Recipients are active customers with a valid
// mobile who have not opted out (sms_opt_out); the notice ledger keeps each (customer,
// template, occasion) to one message, so a daily cron job catches up missed days and never
// sends twice.
#pragma once

#include <cstddef>
#include <string>

#include "archive/app/session.h"
#include "archive/domain/message_template.h"
#include "archive/report/table.h"
#include "archive/store/customers.h"

namespace archive::app {

enum class MessageSelection {
  kBirthdays,  // celebration date from the day after the template's last message (at most
               // kCatchUpDays back; today on a first run) to today + within
  kDue,        // next follow-up due on or before today; occasion: the due date
  kFilter,     // the find filters; occasion: the business date
};

inline constexpr int kCatchUpDays = 30;
inline constexpr int kMaxWithinDays = 90;

struct MessagesRequest {
  std::string template_name;
  MessageSelection selection = MessageSelection::kFilter;
  int within = 0;                // kBirthdays: days ahead of today, 0 to kMaxWithinDays
  store::CustomerFilter filter;  // kFilter; only active customers receive messages
  bool dry_run = false;          // render, but leave the ledger untouched
};

struct MessagesResult {
  report::Table table;  // columns mobile (full), message; in order of occasion
  std::size_t count = 0;
};

// The template `name` of the config, parsed and checked: an unknown name (the templates are
// listed), a malformed text, an unknown placeholder, or {mobile} / {id_number} is a
// configuration error (78) naming the template.
domain::MessageTemplate checked_template(const config::Config& config, const std::string& name);

// Renders the messages and, unless dry_run, records them in the ledger (sent_on = the
// business date); either way one audit entry "messages" (template and count, never a name
// or number), all in one transaction. Every check (template, [roles] unmask: the output holds
// full mobiles, 77 for an operator it does not list) comes before the database is touched.
MessagesResult render_messages(const Session& session, const MessagesRequest& request);

}  // namespace archive::app
