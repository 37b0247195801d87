<div class="sidebar-row">over_one replaces the customer sidebar of {$user_data.firstname}</div>
