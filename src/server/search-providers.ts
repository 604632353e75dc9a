// Every module's record-search provider, registered by importing it (one line per module).
import "@/server/modules/platform/platform.search";
import "@/server/modules/crm/crm.search";
