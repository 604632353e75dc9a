// Every module's record-search provider, registered by importing it (one line per module).
import "@/server/modules/platform/platform.search";
import "@/server/modules/crm/crm.search";
import "@/server/modules/inventory/inventory.search";
